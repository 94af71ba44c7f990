/** The built web app is sent precompressed: brotli or gzip as the browser accepts, the file otherwise. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { buildApp, type App } from '../../server/app.js';
import { precompress } from '../../scripts/precompress.js';

const script = `// Bảng điểm trực tiếp\n${'export const rows = [1, 2, 3].map((n) => n * 2);\n'.repeat(200)}`;
const shell = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hội thi</title></head><body>${'<p>Cải cách hành chính</p>'.repeat(60)}</body></html>`;

describe('precompressed static files', () => {
  let root: string;
  let app: App;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hoithi-web-'));
    mkdirSync(join(root, '_app', 'immutable'), { recursive: true });
    writeFileSync(join(root, 'index.html'), shell);
    writeFileSync(join(root, '_app', 'immutable', 'app.js'), script);
    writeFileSync(join(root, '_app', 'immutable', 'tiny.js'), 'export {};\n');
    const report = precompress(root);
    expect(report.files).toBe(2);
    expect(report.brotli).toBeLessThan(report.bytes / 4);
    app = await buildApp({ db: openDb(':memory:'), closeDb: true, webRoot: root, publicUrl: 'http://hoithi.test' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes .br and .gz beside what is worth compressing, and leaves tiny files alone', () => {
    const files = readdirSync(join(root, '_app', 'immutable')).sort();
    expect(files).toEqual(['app.js', 'app.js.br', 'app.js.gz', 'tiny.js']);
  });

  it('sends brotli to a browser that accepts it, with the right type and Vary', async () => {
    const res = await app.inject({ url: '/_app/immutable/app.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(script);
  });

  it('sends gzip when only gzip is accepted, and the file itself when nothing is', async () => {
    const gz = await app.inject({ url: '/_app/immutable/app.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(script);
    const plain = await app.inject({ url: '/_app/immutable/app.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    const tiny = await app.inject({ url: '/_app/immutable/tiny.js', headers: { 'accept-encoding': 'br' } });
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
  });

  it('sends the page shell compressed too, still never cached', async () => {
    for (const url of ['/', '/contests/abc']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(res.rawPayload).toString('utf8'), url).toBe(shell);
    }
  });
});
