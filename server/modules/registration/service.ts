/**
 * Registrations: a team signs up on the public form, follows and edits its file through its
 * private link until it is approved or the deadline passes; the organizer approves or rejects
 * (with a reason the team sees), edits, and draws the running order. Pending and rejected teams
 * never compete (see `competing` in the contract).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, max, ne, sql } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { isCompeting, type TeamStatus } from '../../contract/package.js';
import type { AttachmentType, Registration, RegistrationForm } from '../../contract/registration.js';
import { foldKey } from '../../contract/text.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import { appendEvent } from '../audit/log.js';
import { drawOrder } from './draw.js';
import { endTeamSessions } from './sessions.js';
import { teamColumns, teamHasRecords } from '../contests/repository.js';
import { registrationOpen, teamLinkPath } from '../contests/service.js';
import { contestOr404 } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

export interface Upload {
  name: string;
  type: AttachmentType;
  data: Buffer;
}

/**
 * A team name for the duplicate check: NFKC, case folded, with whitespace, punctuation and
 * invisible format characters dropped ("Đội  Tư-pháp!" and "đội tư pháp" are one name; accents
 * still count: "Đội Hà" is not "Đội Hạ").
 */
export function foldTeamName(name: string): string {
  return name
    .normalize('NFKC')
    .toLocaleLowerCase('vi')
    .replace(/[\s\p{P}\p{Cf}\p{Cc}]+/gu, '');
}

/**
 * 409 DUPLICATE_TEAM, naming the team, when another team of the contest has the same name once
 * folded. Rejected registrations do not count: a flood cannot squat the name of a real team.
 */
export function assertUniqueTeamName(db: Db, contestId: number, name: string, exceptTeamId?: number): void {
  const want = foldTeamName(name);
  const same = db
    .select({ id: t.teams.id, key: t.teams.key, name: t.teams.name })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), ne(t.teams.status, 'rejected')))
    .all()
    .find((r) => r.id !== exceptTeamId && foldTeamName(r.name) === want);
  if (same)
    throw new AppError(
      'DUPLICATE_TEAM',
      'name',
      { rule: 'DUPLICATE_TEAM', name: same.name },
      { existing: { key: same.key, name: same.name } },
    );
}

/** What a registration keeps of its client address: a hash, enough to group registrations by address. */
export const hashAddress = (address: string) => createHash('sha256').update(`hoithi-address:${address}`).digest('hex');

/** Registrations from one address within this window, this many or more, are flagged as a burst. */
export const BURST_COUNT = 3;
export const BURST_WINDOW_MS = 10 * 60_000;

/** A key for a new team from its name ("Đội Sở Tư pháp" → "doi-so-tu-phap"), unique in `taken`. */
export function teamKeyFor(name: string, taken: ReadonlySet<string>): string {
  const base = foldKey(name, 56) || 'doi';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function teamByKey(db: Db, contestId: number, key: string) {
  const row = db
    .select()
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), eq(t.teams.key, key)))
    .get();
  if (!row) throw new AppError('TEAM_NOT_FOUND', 'team');
  return row;
}

function writeMembers(db: Db, teamId: number, members: RegistrationForm['members']) {
  db.delete(t.members).where(eq(t.members.teamId, teamId)).run();
  if (members.length)
    db.insert(t.members)
      .values(members.map((m, i) => ({ teamId, position: i, name: m.name, role: m.role ?? null })))
      .run();
}

/** Attachments a contest keeps in all, so that a flood of 20 MB files cannot fill the disk. */
export const CONTEST_ATTACHMENT_BYTES = 2 * 1024 * 1024 * 1024;

function writeAttachment(db: Db, teamId: number, file: Upload, at: string) {
  const used =
    db.get<{ n: number | null }>(sql`
      SELECT sum(a.size) AS n FROM ${t.teamAttachments} a JOIN ${t.teams} tm ON tm.id = a.team_id
      WHERE tm.contest_id = (SELECT contest_id FROM ${t.teams} WHERE id = ${teamId}) AND a.team_id <> ${teamId}`)?.n ?? 0;
  if (used + file.data.length > CONTEST_ATTACHMENT_BYTES) throw new AppError('STORAGE_FULL', 'attachment');
  const values = { name: file.name, type: file.type, size: file.data.length, data: file.data, uploadedAt: at };
  db.insert(t.teamAttachments)
    .values({ teamId, ...values })
    .onConflictDoUpdate({ target: t.teamAttachments.teamId, set: values })
    .run();
}

/** Registrations as the team and the organizer see them, in running order. */
export function registrations(
  db: Db,
  contestId: number,
  filter?: { status?: TeamStatus; teamId?: number },
  /** Given to the organizer only: each team's private link is this base plus /t/<token>. */
  linkBase?: string,
): Registration[] {
  const rows = db
    .select()
    .from(t.teams)
    .where(
      and(
        eq(t.teams.contestId, contestId),
        filter?.status ? eq(t.teams.status, filter.status) : undefined,
        filter?.teamId !== undefined ? eq(t.teams.id, filter.teamId) : undefined,
      ),
    )
    .orderBy(asc(t.teams.position), asc(t.teams.id))
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberRows = db.select().from(t.members).where(inArray(t.members.teamId, ids)).orderBy(asc(t.members.position)).all();
  const files = new Map(
    db
      .select({
        teamId: t.teamAttachments.teamId,
        name: t.teamAttachments.name,
        type: t.teamAttachments.type,
        size: t.teamAttachments.size,
        uploadedAt: t.teamAttachments.uploadedAt,
      })
      .from(t.teamAttachments)
      .where(inArray(t.teamAttachments.teamId, ids))
      .all()
      .map(({ teamId, ...f }) => [teamId, f]),
  );
  const order = runningOrder(db, contestId);
  const fromAddress = addressGroups(db, contestId);
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    unit: r.unit,
    status: r.status,
    rejectReason: r.rejectReason,
    leader: r.leaderName ? { name: r.leaderName, phone: r.leaderPhone, email: r.leaderEmail } : null,
    members: memberRows.filter((m) => m.teamId === r.id).map((m) => ({ name: m.name, ...(m.role ? { role: m.role } : {}) })),
    idea: r.ideaTitle ? { title: r.ideaTitle, ...(r.ideaSummary ? { summary: r.ideaSummary } : {}) } : null,
    attachment: files.get(r.id) ?? null,
    order: order.get(r.id) ?? null,
    registeredAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(linkBase !== undefined ? { link: linkBase + teamLinkPath(r.token) } : {}),
    ...(linkBase !== undefined && r.registrationAddressHash ? addressFacts(r, fromAddress) : {}),
  }));
}

type AddressRow = { id: number; hash: string; at: string; status: TeamStatus };

/** Public registrations of a contest grouped by the hash of their address. */
function addressGroups(db: Db, contestId: number): Map<string, AddressRow[]> {
  const groups = new Map<string, AddressRow[]>();
  for (const r of db
    .select({ id: t.teams.id, hash: t.teams.registrationAddressHash, at: t.teams.createdAt, status: t.teams.status })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), sql`${t.teams.registrationAddressHash} IS NOT NULL`))
    .all()) {
    const list = groups.get(r.hash!) ?? [];
    list.push({ ...r, hash: r.hash! });
    groups.set(r.hash!, list);
  }
  return groups;
}

/** The organizer's view of where a registration came from: its address group, and whether it is part of a burst. */
function addressFacts(
  r: { id: number; registrationAddressHash: string | null; createdAt: string },
  groups: Map<string, AddressRow[]>,
) {
  const group = groups.get(r.registrationAddressHash!) ?? [];
  const at = Date.parse(r.createdAt);
  const near = group.filter((g) => Math.abs(Date.parse(g.at) - at) <= BURST_WINDOW_MS).length;
  return {
    address: {
      group: r.registrationAddressHash!.slice(0, 16),
      registrations: group.length,
      pending: group.filter((g) => g.status === 'pending').length,
      burst: near >= BURST_COUNT,
    },
  };
}

/** Rejects every pending registration from one address group, with one reason; each is logged like a single reject. */
export function rejectAddress(db: Db, slug: string, group: string, reason: string, actor: string, now: string): string[] {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const rows = tx
      .select({ id: t.teams.id, key: t.teams.key })
      .from(t.teams)
      .where(
        and(
          eq(t.teams.contestId, contest.id),
          eq(t.teams.status, 'pending'),
          sql`substr(${t.teams.registrationAddressHash}, 1, 16) = ${group}`,
        ),
      )
      .orderBy(asc(t.teams.id))
      .all();
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'address');
    for (const r of rows) {
      tx.update(t.teams).set({ status: 'rejected', rejectReason: reason, updatedAt: now }).where(eq(t.teams.id, r.id)).run();
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'team_review',
          subject: { team: r.key },
          before: { status: 'pending' },
          after: { status: 'rejected', byAddress: group },
          reason,
        },
        now,
      );
    }
    return rows.map((r) => r.key);
  });
}

/** Place in the running order (from 1) of each approved team. */
function runningOrder(db: Db, contestId: number): Map<number, number> {
  const rows = db
    .select({ id: t.teams.id })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), eq(t.teams.status, 'active')))
    .orderBy(asc(t.teams.position), asc(t.teams.id))
    .all();
  return new Map(rows.map((r, i) => [r.id, i + 1]));
}

export function countByStatus(db: Db, contestId: number): Record<TeamStatus, number> {
  const counts: Record<TeamStatus, number> = { pending: 0, active: 0, rejected: 0, withdrawn: 0, disqualified: 0 };
  for (const r of db
    .select({ status: t.teams.status, n: sql<number>`count(*)` })
    .from(t.teams)
    .where(eq(t.teams.contestId, contestId))
    .groupBy(t.teams.status)
    .all())
    counts[r.status] = r.n;
  return counts;
}

/** A new registration: a pending team with its own private link. */
export function register(
  db: Db,
  slug: string,
  form: RegistrationForm,
  file: Upload | undefined,
  now: Date,
  /** hashAddress() of the client's address, kept to flag bursts and reject them together. */
  addressHash: string | null = null,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    if (!registrationOpen(contest.registrationDeadline, now.getTime())) throw new AppError('REGISTRATION_CLOSED');
    checkRoom(tx, contest.id, 1);
    assertUniqueTeamName(tx, contest.id, form.name);
    const taken = new Set(
      tx
        .select({ key: t.teams.key })
        .from(t.teams)
        .where(eq(t.teams.contestId, contest.id))
        .all()
        .map((r) => r.key),
    );
    const key = teamKeyFor(form.name, taken);
    const position =
      (tx
        .select({ p: max(t.teams.position) })
        .from(t.teams)
        .where(eq(t.teams.contestId, contest.id))
        .get()?.p ?? -1) + 1;
    const token = randomToken();
    const at = now.toISOString();
    const row = tx
      .insert(t.teams)
      .values({
        contestId: contest.id,
        key,
        position,
        token,
        status: 'pending',
        ...formColumns(form),
        registrationAddressHash: addressHash,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: t.teams.id })
      .get();
    writeMembers(tx, row.id, form.members);
    if (file) writeAttachment(tx, row.id, file, at);
    return { key, token, status: 'pending' as const };
  });
}

function formColumns(form: RegistrationForm) {
  return {
    name: form.name,
    unit: form.unit,
    leaderName: form.leader.name,
    leaderPhone: form.leader.phone,
    leaderEmail: form.leader.email,
    ideaTitle: form.idea.title,
    ideaSummary: form.idea.summary,
  };
}

/** A team may change its registration while it is pending or rejected and the deadline has not passed. */
export function editableBy(status: TeamStatus, deadline: string | null, now: number): boolean {
  return (status === 'pending' || status === 'rejected') && registrationOpen(deadline, now);
}

/** The team edits its own registration; a rejected one goes back to pending for another look. */
export function editOwn(db: Db, teamId: number, form: RegistrationForm, file: Upload | undefined, now: Date) {
  write(db, (tx) => {
    const team = tx.select().from(t.teams).where(eq(t.teams.id, teamId)).get();
    if (!team) throw new AppError('LINK_INVALID');
    const contest = tx.select().from(t.contests).where(eq(t.contests.id, team.contestId)).get()!;
    if (team.status === 'active' || team.status === 'withdrawn' || team.status === 'disqualified')
      throw new AppError('REGISTRATION_APPROVED');
    if (!registrationOpen(contest.registrationDeadline, now.getTime())) throw new AppError('REGISTRATION_CLOSED');
    assertUniqueTeamName(tx, contest.id, form.name, team.id);
    const at = now.toISOString();
    tx.update(t.teams)
      .set({ ...formColumns(form), status: 'pending', rejectReason: null, updatedAt: at })
      .where(eq(t.teams.id, teamId))
      .run();
    writeMembers(tx, teamId, form.members);
    if (file) writeAttachment(tx, teamId, file, at);
  });
}

/** A contest takes at most this many teams, registrations included (the package's limit). */
export const MAX_TEAMS = 500;
function checkRoom(db: Db, contestId: number, adding: number) {
  const n =
    db
      .select({ n: sql<number>`count(*)` })
      .from(t.teams)
      .where(eq(t.teams.contestId, contestId))
      .get()?.n ?? 0;
  if (n + adding > MAX_TEAMS) throw new AppError('TEAM_LIMIT');
}

/** Approve or reject a team; both are logged (the team's key and status, no personal data). */
export function review(
  db: Db,
  slug: string,
  key: string,
  decision: { status: 'active' } | { status: 'rejected'; reason: string },
  actor: string,
  now: string,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const team = teamByKey(tx, contest.id, key);
    if (team.status === decision.status) return team.status;
    // Review decides on registrations; bringing back a team that left is a change of who competes.
    if (decision.status === 'active' && (team.status === 'withdrawn' || team.status === 'disqualified'))
      throw new AppError('REINSTATE_IN_EDITOR', 'team');
    if (decision.status === 'rejected' && teamHasRecords(tx, team.id)) throw new AppError('TEAM_HAS_RECORDS', 'team');
    const position =
      decision.status === 'active' && !isCompeting(team.status)
        ? // An approved team joins the end of the running order.
          (tx
            .select({ p: max(t.teams.position) })
            .from(t.teams)
            .where(eq(t.teams.contestId, contest.id))
            .get()?.p ?? -1) + 1
        : team.position;
    tx.update(t.teams)
      .set({
        status: decision.status,
        rejectReason: decision.status === 'rejected' ? decision.reason : null,
        position,
        updatedAt: now,
      })
      .where(eq(t.teams.id, team.id))
      .run();
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'team_review',
        subject: { team: key },
        before: { status: team.status },
        after: { status: decision.status },
        reason: decision.status === 'rejected' ? decision.reason : null,
      },
      now,
    );
    return decision.status;
  });
}

/** The organizer edits a team at any time (names and contacts do not affect scores). */
export function editTeam(
  db: Db,
  slug: string,
  key: string,
  edit: {
    name: string;
    unit: string;
    leader?: { name: string; phone?: string; email?: string } | null;
    members: { name: string; role?: string }[];
    idea?: { title: string; summary?: string } | null;
  },
  actor: string,
  now: string,
) {
  write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const team = teamByKey(tx, contest.id, key);
    assertUniqueTeamName(tx, contest.id, edit.name, team.id);
    tx.update(t.teams)
      .set({
        name: edit.name,
        unit: edit.unit,
        ...(edit.leader !== undefined
          ? {
              leaderName: edit.leader?.name ?? null,
              leaderPhone: edit.leader?.phone ?? null,
              leaderEmail: edit.leader?.email ?? null,
            }
          : {}),
        ...(edit.idea !== undefined ? { ideaTitle: edit.idea?.title ?? null, ideaSummary: edit.idea?.summary ?? null } : {}),
        updatedAt: now,
      })
      .where(eq(t.teams.id, team.id))
      .run();
    writeMembers(tx, team.id, edit.members);
    if (team.name !== edit.name || team.unit !== edit.unit)
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'team_edit',
          subject: { team: key },
          before: { name: team.name, unit: team.unit },
          after: { name: edit.name, unit: edit.unit },
        },
        now,
      );
  });
}

export function attachmentOf(db: Db, teamId: number) {
  const file = db.select().from(t.teamAttachments).where(eq(t.teamAttachments.teamId, teamId)).get();
  if (!file) throw new AppError('NO_ATTACHMENT');
  return file;
}

export function teamId(db: Db, slug: string, key: string): number {
  return teamByKey(db, contestOr404(db, slug).id, key).id;
}

/** The running order and how it was last set. */
export function currentDraw(db: Db, slug: string) {
  const contest = contestOr404(db, slug);
  const order = db
    .select({ key: t.teams.key, name: t.teams.name, unit: t.teams.unit })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contest.id), eq(t.teams.status, 'active')))
    .orderBy(asc(t.teams.position), asc(t.teams.id))
    .all();
  const stale =
    contest.drawMethod === 'draw' &&
    contest.drawSeed !== null &&
    drawOrder(
      contest.drawSeed,
      order.map((o) => o.key),
    ).join('\n') !== order.map((o) => o.key).join('\n');
  return { seed: contest.drawSeed, at: contest.drawAt, method: contest.drawMethod, stale, order };
}

/**
 * Puts the approved teams in `keys` order at the head of the list; the other teams keep their
 * relative order after them. Logged with the seed (a draw) or the reason (by hand).
 */
function applyOrder(
  tx: Db,
  contest: typeof t.contests.$inferSelect,
  keys: readonly string[],
  how: { method: 'draw'; seed: string } | { method: 'manual'; reason: string | null },
  actor: string,
  at: string,
) {
  const rows = tx
    .select({ id: t.teams.id, key: t.teams.key, status: t.teams.status })
    .from(t.teams)
    .where(eq(t.teams.contestId, contest.id))
    .orderBy(asc(t.teams.position), asc(t.teams.id))
    .all();
  const active = rows.filter((r) => r.status === 'active');
  const activeKeys = new Set(active.map((r) => r.key));
  const given = new Set(keys);
  keys.forEach((k, i) => {
    if (!activeKeys.has(k)) throw new AppError('VALIDATION', `teams.${i}`, { rule: 'UNKNOWN_TEAM', key: k });
  });
  if (given.size !== keys.length || given.size !== activeKeys.size)
    throw new AppError('VALIDATION', 'teams', { rule: 'ORDER_INCOMPLETE', count: String(activeKeys.size) });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const before = active.map((r) => r.key);
  const rest = rows.filter((r) => r.status !== 'active');
  [...keys.map((k) => byKey.get(k)!), ...rest].forEach((r, position) =>
    tx.update(t.teams).set({ position }).where(eq(t.teams.id, r.id)).run(),
  );
  tx.update(t.contests)
    .set({ drawSeed: how.method === 'draw' ? how.seed : null, drawAt: at, drawMethod: how.method })
    .where(eq(t.contests.id, contest.id))
    .run();
  appendEvent(
    tx,
    {
      contestId: contest.id,
      actor,
      kind: how.method === 'draw' ? 'draw' : 'order',
      subject: { contest: contest.slug, ...(how.method === 'draw' ? { seed: how.seed } : {}) },
      before,
      after: [...keys],
      reason: how.method === 'manual' ? how.reason : null,
    },
    at,
  );
}

export function draw(db: Db, slug: string, seed: string, actor: string, now: string) {
  write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const keys = tx
      .select({ key: t.teams.key })
      .from(t.teams)
      .where(and(eq(t.teams.contestId, contest.id), eq(t.teams.status, 'active')))
      .all()
      .map((r) => r.key);
    if (keys.length === 0) throw new AppError('VALIDATION', 'teams', { rule: 'ORDER_INCOMPLETE', count: '0' });
    applyOrder(tx, contest, drawOrder(seed, keys), { method: 'draw', seed }, actor, now);
  });
  return currentDraw(db, slug);
}

export function setOrder(db: Db, slug: string, keys: readonly string[], reason: string | null, actor: string, now: string) {
  write(db, (tx) => applyOrder(tx, contestOr404(tx, slug), keys, { method: 'manual', reason }, actor, now));
  return currentDraw(db, slug);
}

/** Teams collected by the organizer (a spreadsheet): approved at once, at the end of the running order. */
export function addTeams(
  db: Db,
  slug: string,
  teams: readonly import('../../contract/package.js').Team[],
  actor: string,
  now: string,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    checkRoom(tx, contest.id, teams.length);
    // Each imported team against the contest's and the earlier rows of the file.
    const seen = new Map<string, string>();
    for (const team of teams) {
      assertUniqueTeamName(tx, contest.id, team.name);
      const f = foldTeamName(team.name);
      const earlier = seen.get(f);
      if (earlier !== undefined)
        throw new AppError('DUPLICATE_TEAM', 'name', { rule: 'DUPLICATE_TEAM', name: earlier }, { existing: { name: earlier } });
      seen.set(f, team.name);
    }
    let position =
      (tx
        .select({ p: max(t.teams.position) })
        .from(t.teams)
        .where(eq(t.teams.contestId, contest.id))
        .get()?.p ?? -1) + 1;
    for (const team of teams) {
      const row = tx
        .insert(t.teams)
        .values({
          contestId: contest.id,
          key: team.key,
          position: position++,
          ...teamColumns(team),
          token: randomToken(),
          updatedAt: now,
        })
        .returning({ id: t.teams.id })
        .get();
      writeMembers(tx, row.id, team.members);
    }
    if (teams.length)
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'teams_import',
          subject: { contest: slug },
          after: teams.map((tm) => tm.key),
        },
        now,
      );
    return teams.map((tm) => ({ key: tm.key, name: tm.name }));
  });
}

export function contestOfTeam(db: Db, teamId: number) {
  const row = db
    .select({ contest: t.contests })
    .from(t.teams)
    .innerJoin(t.contests, eq(t.contests.id, t.teams.contestId))
    .where(eq(t.teams.id, teamId))
    .get();
  if (!row) throw new AppError('LINK_INVALID');
  return row.contest;
}

/** A new private link for a team (the old one stops working at once): a lost or shared link. */
export function reissueLink(db: Db, slug: string, key: string, now: string): void {
  const contest = contestOr404(db, slug);
  const team = teamByKey(db, contest.id, key);
  write(db, (tx) => {
    tx.update(t.teams).set({ token: randomToken(), updatedAt: now }).where(eq(t.teams.id, team.id)).run();
    // Every phone that opened the old link is signed out with it.
    endTeamSessions(tx, team.id);
  });
}
