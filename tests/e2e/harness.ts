/** A real server on 127.0.0.1 and Debian's Chromium, for the end-to-end tests. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { openDb } from '../../db/client.js';
import { buildApp, DEFAULT_WEB_ROOT } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { buildWeb } from '../../scripts/build-web.js';

/** A secretary's account (role host) on every test server. */
export const HOST_ACCOUNT = { email: 'thuky@hoithi.test', password: 'mat-khau-thu-ky' };

export interface RunningServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** Signs the organizer in over HTTP; returns the Cookie header value of the session. */
  signIn(): Promise<string>;
  close(): Promise<void>;
}

/** An empty in-memory database with one organizer account; the built web app is served. */
export async function startServer(): Promise<RunningServer> {
  buildWeb();
  const db = openDb(':memory:');
  const adminEmail = 'btc@hoithi.test';
  const adminPassword = 'mat-khau-thu-nghiem';
  await upsertAccount(db, adminEmail, adminPassword, 'organizer');
  await upsertAccount(db, HOST_ACCOUNT.email, HOST_ACCOUNT.password, 'host');
  const app = await buildApp({ db, closeDb: true, webRoot: DEFAULT_WEB_ROOT });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const signIn = async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('hoithi_session='));
    if (res.status !== 200 || !session) throw new Error(`sign-in failed: ${res.status}`);
    return session.split(';')[0]!;
  };
  return { url, adminEmail, adminPassword, signIn, close: () => app.close() };
}

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
