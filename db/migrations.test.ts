import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDb, type Db } from './client.js';

const TABLES = [
  'accounts',
  'sessions',
  'contests',
  'rounds',
  'criteria',
  'questions',
  'teams',
  'members',
  'judges',
  'conflicts',
  'prizes',
  'sheets',
  'sheet_versions',
  'locks',
  'quiz_answers',
  'direct_scores',
  'votes',
  'idempotency_keys',
  'score_events',
  'stage',
  'special_awards',
  'freezes',
  'quiz_state',
  'reviews',
  'team_attachments',
  'vote_tickets',
  'team_sessions',
];

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileDb(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-db-'));
  dirs.push(dir);
  const file = join(dir, 'nested', 'hoithi.sqlite');
  const db = openDb(file);
  dbs.push(db);
  return { db, file };
}

describe('migrations', () => {
  it('create the whole schema on an empty database file', () => {
    const { db } = fileDb();
    const names = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
      .pluck()
      .all();
    expect(new Set(names)).toEqual(new Set(TABLES));
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('are applied once: opening the same file again changes nothing', () => {
    const { file } = fileDb();
    dbs.pop()!.$client.close();
    const again = openDb(file);
    dbs.push(again);
    const applied = again.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(applied).toBe(journal.entries.length);
  });

  it('set WAL, synchronous=FULL and foreign keys', () => {
    const { db } = fileDb();
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('make the score event log and the sheet history append-only', () => {
    const db = openDb(':memory:');
    dbs.push(db);
    const sql = db.$client;
    sql.exec(`INSERT INTO contests (slug, title, organizer, date, locale, aggregation_method, aggregation_trim, aggregation_decimals, tiebreak)
              VALUES ('thu', 'Thử', 'BTC', '2019-09-20', 'vi', 'mean', 0, 2, '[]')`);
    sql.exec(`INSERT INTO score_events (contest_id, at, actor, kind, subject, before, after, prev_hash, hash)
              VALUES (1, '2019-09-20T08:00:00Z', 'judge:gk1', 'sheet', '{}', 'null', 'null', '', 'h1')`);
    expect(() => sql.exec("UPDATE score_events SET actor = 'judge:gk2'")).toThrow(/append-only/);
    expect(() => sql.exec('DELETE FROM score_events')).toThrow(/append-only/);
    expect(() => sql.exec('DELETE FROM contests')).toThrow();
    expect(sql.prepare('SELECT actor FROM score_events').pluck().all()).toEqual(['judge:gk1']);
  });

  it('refuse a row that points at nothing (foreign keys are enforced)', () => {
    const db = openDb(':memory:');
    dbs.push(db);
    expect(() =>
      db.$client.exec(
        "INSERT INTO rounds (contest_id, key, position, title, kind, weight_hundredths) VALUES (99, 'r', 0, 'R', 'rubric', 100)",
      ),
    ).toThrow(/FOREIGN KEY/);
  });
});
