/**
 * What the public screens cost to open: the gzipped JavaScript each loads before it shows
 * anything, measured as Chromium receives it over a fresh cache. Issue #16 asks for at most 60 kB
 * on the big screen, the overlay, the audience phone and the team's phone, and BUDGET is that
 * (gzip now: big screen 54.5, overlay 50.3, audience phone 53.9, team phone 58.2 kB). Already left
 * out of the first load: English, the console's messages, the organizers' words of each area
 * (quizDesk, liveDesk, closingDesk, registrationForm are parts of their own), the QR encoder, the
 * contract's error table, the big screen's other scenes, the team's confirm dialog, the root error
 * page (SvelteKit loads +error with every page: it only fetches the real one) and Vite's table of
 * every page's chunks (modulePreload: false). The build merges what the screens share into one
 * `runtime` chunk of 43 kB (web/vite.config.ts, `chunkFor`): Svelte's and SvelteKit's runtime
 * (about 32 kB), the locale with the base messages, the API and live clients and the stage's
 * shared parts, instead of some thirty files of a few hundred bytes each. What remains besides it
 * is the app entry (with its routing table), Svelte's transitions on the screens that animate, and
 * each page's own components. Lower it as the pages get lighter.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, importPackage, launchBrowser, type RunningServer, startServer } from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';
const BUDGET = 60 * 1024;

describe('page weight of the public screens', () => {
  let server: RunningServer;
  let browser: Browser;
  let teamToken: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    teamToken = (await importPackage(server, SEED)).teams[0]!.token;
  });
  afterAll(() => closeAll([], browser, server));

  async function scriptBytes(path: string, ready: string): Promise<{ bytes: number; files: number; encodings: Set<string> }> {
    // As a phone on the venue's Wi-Fi asks for them: over plain http to a LAN address a browser
    // accepts gzip, not brotli (which it asks for only over https and on localhost).
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate' } });
    const page = await context.newPage();
    const scripts: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push(
        Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => ({
          url: request.url(),
          bytes: sizes.responseBodySize,
          encoding: response?.headers()['content-encoding'] ?? 'identity',
        })),
      );
    });
    await page.goto(`${server.url}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(scripts);
    if (process.env.WEIGHT_DETAIL)
      for (const s of [...loaded].sort((a, b) => b.bytes - a.bytes))
        console.log(`  ${path} ${s.bytes} ${s.url.replace(/.*immutable\//, '')}`);
    await context.close();
    return {
      bytes: loaded.reduce((sum, s) => sum + s.bytes, 0),
      files: loaded.length,
      encodings: new Set(loaded.map((s) => s.encoding)),
    };
  }

  for (const [name, path, ready] of [
    ['big screen', `/screen/${SLUG}`, 'main'],
    ['overlay', `/overlay/${SLUG}`, 'body'],
    ['audience phone', `/live/${SLUG}`, 'h1, main'],
    // The team's link signs the phone in and moves on to /t: both pages' code counts.
    ['team phone', () => `/t/${teamToken}`, '[data-testid=team-page]'],
  ] as const) {
    it(`${name}: at most ${BUDGET / 1024} kB of compressed JavaScript`, async () => {
      const weight = await scriptBytes(typeof path === 'string' ? path : path(), ready);
      console.log(
        `${name}: ${(weight.bytes / 1024).toFixed(1)} kB in ${weight.files} scripts (${[...weight.encodings].join(', ')})`,
      );
      expect(weight.files).toBeGreaterThan(0);
      // Every script worth compressing arrives compressed (the tiniest are sent as they are).
      expect(weight.encodings.has('gzip')).toBe(true);
      expect(weight.encodings.has('br')).toBe(false);
      expect(weight.bytes).toBeLessThanOrEqual(BUDGET);
    });
  }
});
