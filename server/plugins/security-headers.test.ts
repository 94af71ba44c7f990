/**
 * The security headers built once per shell (headerSet) are the bytes helmet's own middleware
 * sets on a real response, and they follow a rebuild's inline scripts.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import helmet from 'helmet';
import { afterAll, expect, it } from 'vitest';
import { headerSet, securityHeaders } from './security-headers.js';

const dir = mkdtempSync(join(tmpdir(), 'hoithi-security-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shell = (script: string, at: number) => {
  writeFileSync(join(dir, 'index.html'), `<html><script>${script}</script></html>`);
  utimesSync(join(dir, 'index.html'), at, at);
};

/** What helmet's middleware sets on a real ServerResponse, by lower-case name. */
function helmetHeaders(webRoot: string | null): Record<string, unknown> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  helmet(securityHeaders(webRoot))(req, res, (error?: unknown) => {
    if (error) throw error as Error;
  });
  return res.getHeaders();
}
const lower = (headers: [string, string][]) => Object.fromEntries(headers.map(([k, v]) => [k.toLowerCase(), v]));

it('sets the same headers as helmet, with no web app and with one', () => {
  expect(lower(headerSet(null)())).toEqual(helmetHeaders(null));
  shell('one()', 1_000);
  const headers = headerSet(dir);
  const first = lower(headers());
  expect(first).toEqual(helmetHeaders(dir));
  expect(first['content-security-policy']).toContain("'sha256-");
  expect(Object.keys(first)).toContain('x-content-type-options');
});

it('follows a rebuild of the shell: new inline scripts, a new CSP', () => {
  shell('one()', 1_000);
  const headers = headerSet(dir);
  // Later than any check so far (the file is looked at once a second at most).
  const later = Date.now() + 10_000;
  const before = lower(headers(later))['content-security-policy'];
  shell('two()', 2_000);
  const after = lower(headers(later + 2_000))['content-security-policy'];
  expect(after).not.toBe(before);
  expect(after).toBe(helmetHeaders(dir)['content-security-policy']);
});
