/** First-start duties (api.md "Start-up"): the first organizer account and the demo contest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import { contestPackageSchema } from './contract/package.js';
import { randomPassword } from './lib/password.js';
import { countAccounts, upsertAccount } from './modules/auth/repository.js';
import { listContests } from './modules/contests/repository.js';
import { importContest } from './modules/contests/service.js';
import { findContestId } from './modules/shared/lookups.js';

export const DEMO_PACKAGE_FILE = join(import.meta.dirname, '..', 'db', 'seed', 'cchc-gialai-2019.json');

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here and must be shown once. */
  generatedPassword?: string;
}

export async function ensureFirstAdmin(db: Db, email?: string, password?: string): Promise<FirstAdmin | null> {
  if (countAccounts(db) > 0) return null;
  const adminEmail = email || 'admin@localhost';
  const generated = password ? undefined : randomPassword();
  await upsertAccount(db, adminEmail, password ?? generated!, 'organizer');
  return { email: adminEmail, ...(generated ? { generatedPassword: generated } : {}) };
}

/** Loads the demo contest into an empty database; returns its slug, or null when not loaded. */
export function seedDemo(db: Db, baseUrl: string): string | null {
  if (listContests(db).length > 0) return null;
  const file = contestPackageSchema.parse(JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')));
  if (findContestId(db, file.slug) !== undefined) return null;
  // The demo keeps its form open for a month from the first start, so that registering can be tried;
  // its units are those of its teams.
  const pkg = {
    ...file,
    units: file.units.length ? file.units : [...new Set(file.teams.map((tm) => tm.unit))],
    registration: file.registration ?? { deadline: new Date(Date.now() + 30 * 86400_000).toISOString() },
  };
  return importContest(db, pkg, baseUrl).slug;
}
