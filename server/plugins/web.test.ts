/**
 * The CSP's hashes of the shell's inline scripts (inlineScriptHashes): they follow a rebuild of the
 * web app while the server runs, and the file is looked at no more than once a second.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inlineScriptHashes } from './web.js';

const dir = mkdtempSync(join(tmpdir(), 'hoithi-web-hashes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
const shell = (script: string, at: number) => {
  writeFileSync(join(dir, 'index.html'), `<html><script src="/a.js"></script><script>${script}</script></html>`);
  utimesSync(join(dir, 'index.html'), at, at);
};

it('hashes the inline scripts, keeps them for a second, then follows a rebuild', () => {
  expect(inlineScriptHashes(null)).toEqual([]);
  shell('one()', 1_000);
  expect(inlineScriptHashes(dir, 10_000)).toEqual([sha('one()')]);
  shell('two()', 2_000);
  // Within the second: the file is not looked at.
  expect(inlineScriptHashes(dir, 10_500)).toEqual([sha('one()')]);
  // After it: the new shell's hash.
  expect(inlineScriptHashes(dir, 11_001)).toEqual([sha('two()')]);
  // A shell that is gone (a rebuild under way) has no inline script to allow.
  rmSync(join(dir, 'index.html'));
  expect(inlineScriptHashes(dir, 12_002)).toEqual([]);
  shell('three()', 3_000);
  expect(inlineScriptHashes(dir, 13_003)).toEqual([sha('three()')]);
});
