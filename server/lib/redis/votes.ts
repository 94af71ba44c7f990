/**
 * Audience votes through edges (server/lib/vote-relay.ts) over Redis.
 *
 * An edge appends a checked vote to one stream with a script that also records its voter in the
 * contest's voters hash, atomically: a voter in the hash has voted (409 on any edge), and every
 * vote in the stream was taken. The edge answers 200 only after Redis has run that script, and
 * 503 VOTES_UNAVAILABLE when it cannot: a vote is never said to be taken when it was not appended.
 * With `appendonly yes` and `appendfsync always` (docs/deploy.md) an appended vote survives a
 * crash of Redis too.
 *
 * The primary reads the stream with a consumer group (XREADGROUP), stores a batch of votes in one
 * commit, and only then acknowledges and deletes their entries (XACK, XDEL). An entry delivered
 * but not acknowledged (the primary died, or Redis did before the XACK) stays pending: at start,
 * after Redis comes back, and every `claimIdleMs` the primary claims pending entries (XAUTOCLAIM)
 * and stores them again, which changes nothing for a vote already stored (its voter has voted).
 *
 * The primary also keeps each contest's rules (window, ticket mode, teams, the hash of each
 * printed code) in keys an edge checks a vote with, published again on every (re)connection.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { RelayedVote, VoteInbox, VoteOutbox, VoteRules, VoteStore } from '../vote-relay.js';
import { retryForever } from './keys.js';
import { VOTES_GROUP, voteRulesKey, voteRulesReadyKey, votersKey, votesStreamKey, voteTicketsKey } from './vote-keys.js';

const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: retryForever };

/** Waits for a connection until `deadline`; false when it is not there by then. */
async function connected(conn: Redis, deadline: number, closed: () => boolean): Promise<boolean> {
  while (conn.status !== 'ready') {
    if (closed() || Date.now() > deadline) return false;
    if (conn.status === 'wait') conn.connect().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** Logs a lost connection once (until one is ready again), and tells the caller of each loss and each connection. */
function watch(
  conns: Redis[],
  log: FastifyBaseLogger,
  lost: string,
  on: { lost?: () => void; ready?: (conn: Redis) => void } = {},
): void {
  let down = false;
  const onError = (err: Error) => {
    if (!down) log.warn({ err: err.message }, lost);
    down = true;
    on.lost?.();
  };
  for (const conn of conns)
    conn.on('error', onError).on('ready', () => {
      down = false;
      on.ready?.(conn);
    });
}

/** Appends a vote unless its voter has voted: nil when appended, else the team it voted for. */
const APPEND = `
local had = redis.call('HGET', KEYS[1], ARGV[1])
if had then return had end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return false`;

/** How long a vote waits for Redis before the edge answers 503. */
const WAIT_MS = 1_000;

export function redisVoteOutbox(url: string, log: FastifyBaseLogger): VoteOutbox {
  const redis = new Redis(url, options);
  let closed = false;
  watch([redis], log, 'redis: connection lost; votes answer 503 until it is back');
  redis.connect().catch(() => undefined);

  /** Runs a command, or throws VOTES_UNAVAILABLE: Redis is away or failed it. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    if (!(await connected(redis, Date.now() + WAIT_MS, () => closed))) throw new AppError('VOTES_UNAVAILABLE');
    try {
      return await fn();
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'redis: vote command failed');
      throw new AppError('VOTES_UNAVAILABLE');
    }
  }

  return {
    async rules(slug) {
      const [text, ready] = await call(() => Promise.all([redis.get(voteRulesKey(slug)), redis.exists(voteRulesReadyKey)]));
      if (text) return JSON.parse(text) as VoteRules;
      // No rules yet because the primary has not published them since Redis came back: not "no contest".
      if (!ready) throw new AppError('VOTES_UNAVAILABLE');
      return null;
    },
    async ticketKnown(slug, ticketHash) {
      return (await call(() => redis.sismember(voteTicketsKey(slug), ticketHash))) === 1;
    },
    async append(vote) {
      const fields = ['slug', vote.slug, 'voter', vote.voter, 'team', vote.team, 'address', vote.address, 'at', vote.at];
      const had = (await call(() =>
        redis.eval(APPEND, 2, votersKey(vote.slug), votesStreamKey, vote.voter, vote.team, ...fields),
      )) as string | null;
      return had ?? null;
    },
    async votedTeam(slug, voter) {
      return call(() => redis.hget(votersKey(slug), voter));
    },
    async close() {
      closed = true;
      redis.disconnect();
    },
  };
}

/** How long a change of a contest waits for the others of its burst before its rules are published. */
const SYNC_MS = 50;

export interface RedisVoteInboxOptions {
  /** Votes read (and stored in one commit) at a time. */
  batch?: number;
  /** Entries pending this long (ms) are claimed again, from any consumer. */
  claimIdleMs?: number;
}

type StreamEntry = [id: string, fields: string[]] | null;

function voteOf(fields: string[]): RelayedVote | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const { slug, voter, team, address, at } = f;
  if (!slug || !voter || !team || address === undefined || !at || Number.isNaN(Date.parse(at))) return null;
  return { slug, voter, team, address, at };
}

export function redisVoteInbox(
  url: string,
  store: VoteStore,
  log: FastifyBaseLogger,
  opts: RedisVoteInboxOptions = {},
): VoteInbox {
  const batch = opts.batch ?? 200;
  const claimIdleMs = opts.claimIdleMs ?? 30_000;
  /** Commands (rules, XACK); the blocking reads on a connection of their own. */
  const commands = new Redis(url, options);
  const reader = new Redis(url, options);
  const consumer = `primary-${process.pid}-${randomBytes(4).toString('hex')}`;
  let closed = false;
  /** The group exists and the pending entries were claimed since the last (re)connection. */
  let setUp = false;
  let lastClaim = 0;
  const dirty = new Set<string>();
  let everything = true;
  let syncing: NodeJS.Timeout | undefined;

  watch([commands, reader], log, 'redis: connection lost; votes from edges are read again when it is back', {
    lost: () => (setUp = false),
    ready: (conn) => conn === commands && rulesChanged(),
  });

  /** Stores the entries' votes, then acknowledges and deletes them; lets a voter refused vote again. */
  async function handle(entries: StreamEntry[]): Promise<void> {
    const ids: string[] = [];
    const votes: RelayedVote[] = [];
    for (const entry of entries) {
      if (!entry) continue;
      ids.push(entry[0]);
      const vote = voteOf(entry[1]);
      if (vote) votes.push(vote);
      else log.warn({ id: entry[0] }, 'redis: a malformed vote entry was dropped');
    }
    if (ids.length === 0) return;
    const refused = votes.length ? (await store.store(votes)).refused : [];
    const tx = commands
      .multi()
      .xack(votesStreamKey, VOTES_GROUP, ...ids)
      .xdel(votesStreamKey, ...ids);
    for (const vote of refused) tx.hdel(votersKey(vote.slug), vote.voter);
    await tx.exec();
  }

  /** Claims and handles every entry pending at least `minIdle` ms (0 at start: no other primary runs). */
  async function claim(minIdle: number): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await reader.xautoclaim(
        votesStreamKey,
        VOTES_GROUP,
        consumer,
        minIdle,
        cursor,
        'COUNT',
        batch,
      )) as [string, StreamEntry[]];
      await handle(entries);
      cursor = next;
    } while (cursor !== '0-0' && !closed);
    lastClaim = Date.now();
  }

  async function setUpGroup(): Promise<void> {
    try {
      await reader.xgroup('CREATE', votesStreamKey, VOTES_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
    await claim(0);
    setUp = true;
  }

  async function run(): Promise<void> {
    while (!closed) {
      try {
        if (!(await connected(reader, Infinity, () => closed))) return;
        if (!setUp) await setUpGroup();
        else if (Date.now() - lastClaim > claimIdleMs) await claim(claimIdleMs);
        const res = (await reader.xreadgroup(
          'GROUP',
          VOTES_GROUP,
          consumer,
          'COUNT',
          batch,
          'BLOCK',
          1_000,
          'STREAMS',
          votesStreamKey,
          '>',
        )) as [string, StreamEntry[]][] | null;
        for (const [, entries] of res ?? []) await handle(entries);
      } catch (err) {
        if (closed) return;
        // The group is gone with a Redis restarted empty (NOGROUP), or a store or a command failed:
        // set up again; what was not acknowledged is claimed and stored again.
        setUp = false;
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'redis: reading votes failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** The rules last published per contest, as JSON: a write that changed none of them costs Redis nothing. */
  const published = new Map<string, string>();

  /** Publishes the rules of the contests asked for (of every one, and the ready mark, after a connection). */
  async function sync(): Promise<void> {
    const all = everything;
    const slugs = all ? new Set([...store.slugs(), ...published.keys(), ...dirty]) : new Set(dirty);
    everything = false;
    dirty.clear();
    if (all) published.clear();
    const tx = commands.multi();
    const sent = new Map<string, string>();
    for (const slug of slugs) {
      const rules = store.rules(slug);
      const json = rules ? JSON.stringify(rules) : '';
      if (published.get(slug) === json) continue;
      sent.set(slug, json);
      tx.del(voteTicketsKey(slug));
      if (!rules) {
        tx.del(voteRulesKey(slug));
        continue;
      }
      const { ticketHashes, ...rest } = rules;
      tx.set(voteRulesKey(slug), JSON.stringify(rest));
      if (ticketHashes.length) tx.sadd(voteTicketsKey(slug), ...ticketHashes);
    }
    if (all) tx.set(voteRulesReadyKey, '1');
    else if (sent.size === 0) return;
    try {
      const results = await tx.exec();
      const failed = results?.find(([err]) => err)?.[0];
      if (failed) throw failed;
      for (const [slug, json] of sent) published.set(slug, json);
    } catch (err) {
      if (closed) return;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'redis: publishing the voting rules failed; retrying');
      if (all) everything = true;
      for (const slug of slugs) dirty.add(slug);
      schedule(500);
    }
  }

  function schedule(ms: number): void {
    if (syncing || closed) return;
    syncing = setTimeout(() => {
      syncing = undefined;
      if (commands.status === 'ready') void sync();
      // Otherwise the next 'ready' publishes everything.
      else everything = true;
    }, ms);
    syncing.unref();
  }

  /** Writes come in bursts (a judge's sheets): their rules are read and published once per SYNC_MS. */
  function rulesChanged(slug?: string): void {
    if (slug === undefined) everything = true;
    else dirty.add(slug);
    schedule(SYNC_MS);
  }

  commands.connect().catch(() => undefined);
  reader.connect().catch(() => undefined);
  const running = run();

  return {
    rulesChanged,
    async close() {
      closed = true;
      clearTimeout(syncing);
      commands.disconnect();
      reader.disconnect();
      await running;
    },
  };
}
