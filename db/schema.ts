/**
 * The drizzle schema: the truth for every table. Points are stored as integer hundredths
 * (docs/scoring.md §2); lists keep the order of the package through `position`.
 * Migrations are generated from this file (`npm run db:generate`) and committed.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const accounts = sqliteTable('accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['organizer', 'host'] }).notNull(),
  createdAt: createdAt(),
});

/** A session row holds the sha256 of the cookie's secret, never the secret itself. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

export const contests = sqliteTable('contests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  organizer: text('organizer').notNull(),
  date: text('date').notNull(),
  venue: text('venue'),
  locale: text('locale', { enum: ['vi', 'en'] }).notNull(),
  description: text('description'),
  aggregationMethod: text('aggregation_method', { enum: ['mean', 'trimmed_mean', 'median'] }).notNull(),
  aggregationTrim: integer('aggregation_trim').notNull(),
  aggregationDecimals: integer('aggregation_decimals').notNull(),
  /** JSON array of "round:<key>" entries, in order. */
  tiebreak: text('tiebreak', { mode: 'json' }).$type<string[]>().notNull(),
  /** Show each judge's total on the big screen when a team's result is released. */
  showJudgeTotals: integer('show_judge_totals', { mode: 'boolean' }).notNull().default(false),
  /** JSON array of unit names a registering team picks from. */
  units: text('units', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /** Registrations are accepted until this instant (ISO 8601 with offset); null: closed. */
  registrationDeadline: text('registration_deadline'),
  /** The last running-order change: the seed of a draw (null when set by hand), when, and how. */
  drawSeed: text('draw_seed'),
  drawAt: text('draw_at'),
  drawMethod: text('draw_method', { enum: ['draw', 'manual'] }),
  /** Audience voting: open from votingOpenedAt until votingClosedAt; never opened while both are null. */
  votingOpenedAt: text('voting_opened_at'),
  votingClosedAt: text('voting_closed_at'),
  /** Who signs the minutes beside the jury: the head of the organizing committee and the secretary. */
  chairName: text('chair_name'),
  secretaryName: text('secretary_name'),
  /** Ticket mode: a vote needs one of the contest's unused printed codes (vote_tickets). */
  votingTickets: integer('voting_tickets', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const rounds = sqliteTable(
  'rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['rubric', 'quiz', 'direct'] }).notNull(),
    weightHundredths: integer('weight_hundredths').notNull(),
    timeLimitSec: integer('time_limit_sec'),
    /** Direct rounds only: the range and step of the one score per team. */
    maxHundredths: integer('max_hundredths'),
    stepHundredths: integer('step_hundredths'),
  },
  (t) => [uniqueIndex('rounds_contest_key_uq').on(t.contestId, t.key)],
);

export const criteria = sqliteTable(
  'criteria',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    maxHundredths: integer('max_hundredths').notNull(),
    stepHundredths: integer('step_hundredths').notNull(),
  },
  (t) => [uniqueIndex('criteria_round_key_uq').on(t.roundId, t.key)],
);

export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    choices: text('choices', { mode: 'json' }).$type<string[]>().notNull(),
    answer: integer('answer').notNull(),
    pointsHundredths: integer('points_hundredths').notNull(),
    timeLimitSec: integer('time_limit_sec'),
    /** An optional picture shown with the question (PNG, JPEG, WebP or GIF). */
    image: blob('image', { mode: 'buffer' }),
    imageType: text('image_type'),
  },
  (t) => [uniqueIndex('questions_round_key_uq').on(t.roundId, t.key)],
);

export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    ideaTitle: text('idea_title'),
    ideaSummary: text('idea_summary'),
    /** pending and rejected are registrations that do not compete; active is approved. */
    status: text('status', { enum: ['pending', 'active', 'rejected', 'withdrawn', 'disqualified'] })
      .notNull()
      .default('active'),
    leaderName: text('leader_name'),
    leaderPhone: text('leader_phone'),
    leaderEmail: text('leader_email'),
    rejectReason: text('reject_reason'),
    /** Last change by the team or the organizer. */
    updatedAt: text('updated_at'),
    /** Secret of the team's private link. */
    token: text('token').notNull().unique(),
    /** Hash of the address a public registration came from (flags bursts); null otherwise. */
    registrationAddressHash: text('registration_address_hash'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_contest_key_uq').on(t.contestId, t.key)],
);

/**
 * A device that opened a team's private link: its cookie holds a random session id of which only
 * the sha256 is kept. A team may have several (the captain's and the members' phones); logout ends
 * one, a reissue of the link ends them all.
 */
export const teamSessions = sqliteTable(
  'team_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    seenAt: text('seen_at').notNull(),
  },
  (t) => [index('team_sessions_team_idx').on(t.teamId)],
);

/** A team's registration file (PDF or PPTX), kept apart so that reading teams never loads it. */
export const teamAttachments = sqliteTable('team_attachments', {
  teamId: integer('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  type: text('type').notNull(),
  size: integer('size').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
  uploadedAt: text('uploaded_at').notNull(),
});

export const members = sqliteTable('members', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  role: text('role'),
});

export const judges = sqliteTable(
  'judges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    title: text('title'),
    unit: text('unit'),
    /** Secret of the judge's private link. */
    token: text('token').notNull().unique(),
    /** Set when the organizer revoked the link; a reissue clears it with a new token. */
    linkRevokedAt: text('link_revoked_at'),
    /** The device the link was first opened on (sha256 of its device secret): one tablet per judge. */
    linkDeviceHash: text('link_device_hash'),
    linkBoundAt: text('link_bound_at'),
    /** The bound device's last request. */
    linkSeenAt: text('link_seen_at'),
  },
  (t) => [uniqueIndex('judges_contest_key_uq').on(t.contestId, t.key)],
);

export const conflicts = sqliteTable(
  'conflicts',
  {
    judgeId: integer('judge_id')
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.teamId] })],
);

export const prizes = sqliteTable(
  'prizes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['overall', 'round_best', 'audience', 'special'] }).notNull(),
    count: integer('count').notNull(),
    roundId: integer('round_id').references(() => rounds.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('prizes_contest_key_uq').on(t.contestId, t.key)],
);

/** The current state of each judge's sheet; its history is in sheet_versions and score_events. */
export const sheets = sqliteTable(
  'sheets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    judgeId: integer('judge_id')
      .notNull()
      .references(() => judges.id),
    /** criterion key → mark in hundredths */
    marks: text('marks', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    totalHundredths: integer('total_hundredths').notNull(),
    status: text('status', { enum: ['draft', 'submitted'] }).notNull(),
    version: integer('version').notNull(),
    /** The judge's comment (nhận xét): for the organizer and the score sheets, never the public. */
    comment: text('comment'),
    updatedAt: text('updated_at').notNull(),
    /** The score event that recorded this version: the judge's receipt. */
    lastEventSeq: integer('last_event_seq').notNull(),
  },
  (t) => [uniqueIndex('sheets_round_team_judge_uq').on(t.roundId, t.teamId, t.judgeId)],
);

/** Every accepted version of a sheet, kept for ever. */
export const sheetVersions = sqliteTable(
  'sheet_versions',
  {
    sheetId: integer('sheet_id')
      .notNull()
      .references(() => sheets.id),
    version: integer('version').notNull(),
    marks: text('marks', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    totalHundredths: integer('total_hundredths').notNull(),
    status: text('status', { enum: ['draft', 'submitted'] }).notNull(),
    comment: text('comment'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sheetId, t.version] })],
);

/** A team's round result is sealed until the host locks it (docs/scoring.md §6). */
export const locks = sqliteTable(
  'locks',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    lockedAt: text('locked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.teamId] })],
);

/**
 * A team's round result unlocked for review (scoring.md §7): judges may amend again; the released
 * views keep showing the result as it was released (`released`, JSON of the cell's inputs) marked
 * "under review" until the round is locked again, which deletes the row.
 */
export const reviews = sqliteTable(
  'reviews',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    unlockedAt: text('unlocked_at').notNull(),
    reason: text('reason').notNull(),
    released: text('released').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.teamId] })],
);

export const quizAnswers = sqliteTable(
  'quiz_answers',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    choice: integer('choice').notNull(),
    answeredAt: text('answered_at').notNull(),
    /** "team" when the team answered from its own device, else the host's account. */
    enteredBy: text('entered_by').notNull().default('team'),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.teamId] })],
);

export const directScores = sqliteTable(
  'direct_scores',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    scoreHundredths: integer('score_hundredths').notNull(),
    reason: text('reason').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.teamId] })],
);

export const votes = sqliteTable(
  'votes',
  {
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id),
    deviceHash: text('device_hash').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    /** The voter's address as the server saw it (req.ip); null for votes cast before it was kept. */
    address: text('address'),
    /** The printed code the vote used, in ticket mode. */
    ticketId: integer('ticket_id'),
    /** Set when the organizer voided the vote (with the address's other votes): it no longer counts. */
    voidedAt: text('voided_at'),
    voidReason: text('void_reason'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.deviceHash] }), index('votes_contest_address_idx').on(t.contestId, t.address)],
);

/** One-time codes for ticket-mode voting: each votes once. */
export const voteTickets = sqliteTable(
  'vote_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    usedAt: text('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('vote_tickets_contest_idx').on(t.contestId)],
);

/** Responses remembered per (actor, Idempotency-Key) so that a retry changes nothing. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    response: text('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
);

/**
 * The append-only score event log: who changed what, before and after, when and why. Each row
 * carries sha256(previous hash + canonical JSON of the row); triggers in the migrations refuse
 * UPDATE and DELETE.
 */
export const scoreEvents = sqliteTable(
  'score_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contests.id),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    /** Canonical JSON text (sorted keys), hashed byte for byte. */
    subject: text('subject').notNull(),
    before: text('before').notNull(),
    after: text('after').notNull(),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('score_events_contest_idx').on(t.contestId, t.seq)],
);

/** Who is on stage now, per contest: the host sets it, judges' tablets and the big screen follow. */
export const stage = sqliteTable('stage', {
  contestId: integer('contest_id')
    .primaryKey()
    .references(() => contests.id, { onDelete: 'cascade' }),
  roundId: integer('round_id').references(() => rounds.id, { onDelete: 'set null' }),
  teamId: integer('team_id').references(() => teams.id, { onDelete: 'set null' }),
  updatedAt: text('updated_at').notNull(),
  /** What the big screen shows. */
  scene: text('scene', { enum: ['scoreboard', 'stage', 'result', 'quiz', 'reveal', 'qr', 'quiz_board'] })
    .notNull()
    .default('scoreboard'),
  /** The round timer is held by the server: an end time while running, the time left while paused. */
  timerDurationMs: integer('timer_duration_ms'),
  timerEndsAt: text('timer_ends_at'),
  timerRemainingMs: integer('timer_remaining_ms'),
});

/**
 * A frozen public board (scoring.md §6): the board as it stood at the freeze, and once the host
 * starts the reveal, the final board and the steps that release it.
 */
export const freezes = sqliteTable('freezes', {
  contestId: integer('contest_id')
    .primaryKey()
    .references(() => contests.id, { onDelete: 'cascade' }),
  frozenAt: text('frozen_at').notNull(),
  /** JSON of the public scoreboard at the freeze. */
  board: text('board').notNull(),
  /** JSON of the reveal (final board and steps), null until the reveal starts. */
  reveal: text('reveal'),
  revealPos: integer('reveal_pos').notNull().default(0),
});

/** Special prizes are given by the organizer by hand, to a team or a named member, with a reason. */
export const specialAwards = sqliteTable('special_awards', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  prizeId: integer('prize_id')
    .notNull()
    .references(() => prizes.id),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id),
  member: text('member'),
  reason: text('reason').notNull(),
  createdAt: createdAt(),
});

/**
 * A quiz question's life on stage: opened by the host, answerable until closesAt by the server's
 * clock (or until closed), then closed; a voided question counts for no one.
 */
export const quizState = sqliteTable('quiz_state', {
  questionId: integer('question_id')
    .primaryKey()
    .references(() => questions.id, { onDelete: 'cascade' }),
  openedAt: text('opened_at').notNull(),
  /** Null: open until the host closes it. */
  closesAt: text('closes_at'),
  closedAt: text('closed_at'),
  voidedAt: text('voided_at'),
  voidReason: text('void_reason'),
});
