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

const DAY = 86_400_000;

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam, where contests are held. */
function vietnamDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Loads the demo contest into an empty database; returns its slug, or null when not loaded.
 * The demo replays the 2019 Gia Lai contest's teams, judges and rounds on a day that makes sense
 * from the first start: its form stays open for a month, so that registering can be tried, and
 * the contest day is a week after the form closes (the deadline always falls before the day).
 */
export function seedDemo(db: Db, baseUrl: string, now = Date.now()): string | null {
  if (listContests(db).length > 0) return null;
  const file = contestPackageSchema.parse(JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')));
  if (findContestId(db, file.slug) !== undefined) return null;
  const deadline = now + 30 * DAY;
  const pkg = {
    ...file,
    // Its units are those of its teams.
    units: file.units.length ? file.units : [...new Set(file.teams.map((tm) => tm.unit))],
    ...(file.registration
      ? {}
      : { registration: { deadline: new Date(deadline).toISOString() }, date: vietnamDay(deadline + 7 * DAY) }),
  };
  return importContest(db, pkg, baseUrl).slug;
}
