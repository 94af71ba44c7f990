import type { Db } from '../../../db/client.js';
import type { ContestCreated } from '../../contract/api.js';
import type { ContestPackage } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import { insertContest } from './repository.js';
import { findContestId } from '../shared/lookups.js';

/** Private-link paths: the judge's tablet app and the team's own page. */
export const judgeLinkPath = (token: string) => `/j/${token}`;
export const teamLinkPath = (token: string) => `/t/${token}`;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Imports a validated package; `baseUrl` is where tablets and phones reach this server. */
export function importContest(db: Db, pkg: ContestPackage, baseUrl: string): ContestCreated {
  if (findContestId(db, pkg.slug) !== undefined) throw new AppError('SLUG_TAKEN', 'slug');
  let links;
  try {
    links = insertContest(db, pkg, () => randomToken());
  } catch (err) {
    // Two imports of one slug at once: the second loses the race at the unique index.
    if (isUniqueViolation(err) && findContestId(db, pkg.slug) !== undefined) throw new AppError('SLUG_TAKEN', 'slug');
    throw err;
  }
  const base = baseUrl.replace(/\/+$/, '');
  return {
    slug: pkg.slug,
    judges: links.judges.map((l) => ({ ...l, url: base + judgeLinkPath(l.token) })),
    teams: links.teams.map((l) => ({ ...l, url: base + teamLinkPath(l.token) })),
  };
}
