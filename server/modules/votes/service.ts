/**
 * Audience voting has a lifecycle: the host opens it, the audience votes (one vote per device)
 * while it is open, the host closes it, and only then is the audience prize decided. Opening again
 * after closing is allowed (a mistake, or a second voting period): it clears the close, and both
 * moves are score events, so the log tells when votes could be cast.
 */
import type { Db as DbHandle, DbLike as Db } from '../../../db/client.js';
import { writesOf } from '../../../db/batcher.js';
import { createHash, randomInt } from 'node:crypto';
import type { VotingState } from '../../contract/results.js';
import type { VoteAddresses, VotingSummary } from '../../contract/votes.js';
import type { RelayedVote, VoteRulesWithTickets } from '../../lib/vote-relay.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import * as repo from './repository.js';
import { votingStateOf } from './state.js';
import { contestOr404, contestTeams, findContest, findTeam } from '../shared/lookups.js';

import type { Contest } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

/** The state and the counts per team that takes part (0 included); votes of others are not counted. */
export function votingSummary(db: Db, contest: Contest): VotingSummary {
  const state = votingStateOf(contest);
  const byTeam = repo.voteCounts(db, contest.id);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const tm of contestTeams(db, contest.id)) {
    const n = byTeam.get(tm.id) ?? 0;
    counts[tm.key] = n;
    total += n;
  }
  return {
    open: state === 'open',
    state,
    openedAt: contest.votingOpenedAt,
    closedAt: state === 'closed' ? contest.votingClosedAt : null,
    total,
    counts,
    voided: repo.voidedCount(db, contest.id),
    tickets: contest.votingTickets,
  };
}

export function readVoting(db: Db, slug: string): VotingSummary {
  return votingSummary(db, contestOr404(db, slug));
}

/** Opens voting; already open changes nothing; after a close it opens again (logged as a reopen). */
export function openVoting(db: Db, slug: string, actor: string, now: string): VotingSummary {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const before = votingStateOf(contest);
    if (before === 'open') return votingSummary(tx, contest);
    repo.setVotingWindow(tx, contest.id, { openedAt: now, closedAt: null });
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'voting_open',
        subject: { voting: 'audience' },
        before: { state: before, openedAt: contest.votingOpenedAt, closedAt: contest.votingClosedAt },
        after: { state: 'open', openedAt: now },
      },
      now,
    );
    return votingSummary(tx, contestOr404(tx, slug));
  });
}

/** Closes voting: the audience prize is decided from now on. Never opened → 409 VOTING_CLOSED. */
export function closeVoting(db: Db, slug: string, actor: string, now: string): VotingSummary {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const before = votingStateOf(contest);
    if (before === 'closed') return votingSummary(tx, contest);
    if (before === 'idle') throw new AppError('VOTING_CLOSED');
    // Never before the opening it ends, even on a clock that stepped back.
    const closedAt = now < contest.votingOpenedAt! ? contest.votingOpenedAt! : now;
    repo.setVotingWindow(tx, contest.id, { openedAt: contest.votingOpenedAt, closedAt });
    const summary = votingSummary(tx, contestOr404(tx, slug));
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'voting_close',
        subject: { voting: 'audience' },
        before: { state: before, openedAt: contest.votingOpenedAt },
        // The count at the close is part of the record: the audience prize is decided on it.
        after: { state: 'closed', closedAt, total: summary.total, counts: summary.counts },
      },
      closedAt,
    );
    return summary;
  });
}

/** Who votes: a signed device, or in ticket mode a printed code (each votes once). */
export type Voter = { device: string; address: string } | { ticket: string; address: string };

/** The kind of voter a vote comes from: a signed device or a printed ticket. */
export type VoterKind = 'device' | 'ticket';

/**
 * Why a vote is refused before anything is looked up but the window, the team and ticket mode
 * (null: it may go on). The same rules on the primary and on an edge, which checks a vote from the
 * rules the primary publishes (edge-routes.ts).
 */
export function voteRefusal(
  state: VotingState,
  team: { status: string } | undefined,
  tickets: boolean,
  voter: VoterKind,
): AppError | null {
  if (state !== 'open') return new AppError('VOTING_CLOSED');
  if (!team) return new AppError('TEAM_NOT_FOUND', 'team');
  if (team.status !== 'active') return new AppError('TEAM_WITHDRAWN', 'team');
  if (tickets && voter !== 'ticket') return new AppError('TICKET_REQUIRED', 'ticket');
  if (!tickets && voter !== 'device') return new AppError('ALREADY_VOTED');
  return null;
}

/** Checks and records one vote inside the caller's transaction; throws the refusal. */
function recordVote(tx: Db, slug: string, teamKey: string, voter: Voter, now: string): { team: string } {
  const contest = contestOr404(tx, slug);
  const team = findTeam(tx, contest.id, teamKey);
  const refused = voteRefusal(votingStateOf(contest), team, contest.votingTickets, 'ticket' in voter ? 'ticket' : 'device');
  if (refused) throw refused;
  if ('ticket' in voter) {
    const ticket = repo.findTicket(tx, contest.id, voter.ticket);
    if (!ticket) throw new AppError('TICKET_INVALID', 'ticket');
    if (!repo.useTicket(tx, ticket.id, now)) throw new AppError('TICKET_USED', 'ticket');
    repo.insertVote(tx, contest.id, `ticket:${ticket.id}`, team!.id, { address: voter.address, ticketId: ticket.id, at: now });
    return { team: team!.key };
  }
  if (!repo.insertVote(tx, contest.id, voter.device, team!.id, { address: voter.address, at: now }))
    throw new AppError('ALREADY_VOTED');
  return { team: team!.key };
}

/** One vote per device (or per ticket in ticket mode), only while voting is open. */
export function castVote(db: Db, slug: string, teamKey: string, voter: Voter, now: string): { team: string } {
  return write(db, (tx) => recordVote(tx, slug, teamKey, voter, now));
}

/** A relayed vote's voter as the votes table keys it. */
function relayedVoter(vote: RelayedVote): Voter | null {
  const [kind, id] = [vote.voter.slice(0, vote.voter.indexOf(':')), vote.voter.slice(vote.voter.indexOf(':') + 1)];
  if (kind === 'device' && /^[0-9a-f]{64}$/.test(id)) return { device: id, address: vote.address };
  if (kind === 'ticket' && id) return { ticket: id, address: vote.address };
  return null;
}

/**
 * Stores votes cast on edges (issue #14, item 4) in one group commit, each under the same rules
 * as a vote cast here (a vote read after voting closed is refused, as a request arriving then
 * would be). A vote delivered again changes nothing: its voter has voted. Resolves once the
 * commit is durable with the contests whose counts changed and the votes refused for another
 * reason than having voted (their voter may vote again).
 */
export async function storeRelayedVotes(
  db: DbHandle,
  votes: readonly RelayedVote[],
): Promise<{ changed: Set<string>; refused: RelayedVote[] }> {
  return writesOf(db).run((tx) => {
    const changed = new Set<string>();
    const refused: RelayedVote[] = [];
    for (const vote of votes) {
      const voter = relayedVoter(vote);
      try {
        if (!voter) throw new AppError('VALIDATION');
        write(tx, (sp) => recordVote(sp, vote.slug, vote.team, voter, vote.at));
        changed.add(vote.slug);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code !== 'ALREADY_VOTED' && err.code !== 'TICKET_USED') refused.push(vote);
      }
    }
    return { changed, refused };
  });
}

/** What an edge needs to check a vote as castVote would; null when there is no such contest. */
export function edgeVoteRules(db: Db, slug: string): VoteRulesWithTickets | null {
  const contest = findContest(db, slug);
  if (!contest) return null;
  return {
    state: votingStateOf(contest),
    tickets: contest.votingTickets,
    teams: Object.fromEntries(contestTeams(db, contest.id).map((tm) => [tm.key, tm.status])),
    ticketHashes: contest.votingTickets ? repo.tickets(db, contest.id).map((x) => hashTicket(x.code)) : [],
  };
}

/** What edges keep of a printed code: its sha256, never the code. */
export const hashTicket = (code: string) => createHash('sha256').update(`hoithi-ticket:${code}`).digest('hex');

export function myVote(db: Db, slug: string, deviceHash: string | null, ticketCode?: string): string | null {
  const contest = contestOr404(db, slug);
  if (contest.votingTickets && ticketCode) {
    const ticket = repo.findTicket(db, contest.id, ticketCode);
    return ticket ? (repo.ticketVote(db, contest.id, ticket.id) ?? null) : null;
  }
  return deviceHash ? (repo.deviceVote(db, contest.id, deviceHash) ?? null) : null;
}

const minuteOf = (iso: string) => iso.slice(0, 16);

/** Votes per address and per minute (voided ones included, and counted apart). */
export function voteAddresses(db: Db, slug: string): VoteAddresses {
  const contest = contestOr404(db, slug);
  const byAddress = new Map<string, VoteAddresses['addresses'][number] & { minutes: Map<string, number> }>();
  const perMinute = new Map<string, number>();
  for (const v of repo.votesWithAddress(db, contest.id)) {
    const address = v.address ?? 'unknown';
    let a = byAddress.get(address);
    if (!a) {
      a = { address, votes: 0, voided: 0, firstAt: v.at, lastAt: v.at, peakPerMinute: 0, counts: {}, minutes: new Map() };
      byAddress.set(address, a);
    }
    a.lastAt = v.at;
    if (v.voidedAt) {
      a.voided++;
      continue;
    }
    a.votes++;
    a.counts[v.team] = (a.counts[v.team] ?? 0) + 1;
    const m = minuteOf(v.at);
    const n = (a.minutes.get(m) ?? 0) + 1;
    a.minutes.set(m, n);
    a.peakPerMinute = Math.max(a.peakPerMinute, n);
    perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
  }
  return {
    addresses: [...byAddress.values()]
      .map(({ minutes: _, ...a }) => a)
      .sort((x, y) => y.votes - x.votes || y.voided - x.voided || x.address.localeCompare(y.address)),
    perMinute: [...perMinute.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([minute, votes]) => ({ minute, votes })),
  };
}

/** Voids every counted vote from one address, with a reason: a score event the minutes list. */
export function voidVotes(
  db: Db,
  slug: string,
  address: string,
  reason: string,
  actor: string,
  now: string,
): VotingSummary & { voidedNow: number } {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const counts = repo.addressCounts(tx, contest.id, address);
    const n = repo.voidAddress(tx, contest.id, address, reason, now);
    if (n === 0) throw new AppError('NOT_FOUND', 'address');
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'votes_void',
        subject: { voting: 'audience', address },
        before: { votes: n, counts },
        after: { votes: 0 },
        reason,
      },
      now,
    );
    return { ...votingSummary(tx, contest), voidedNow: n };
  });
}

/** Turns ticket mode on or off (a set-up event: it changes who may vote, not a vote). */
export function setTicketMode(db: Db, slug: string, on: boolean, actor: string, now: string): VotingSummary {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    if (contest.votingTickets !== on) {
      repo.setTicketMode(tx, contest.id, on);
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'voting_mode',
          subject: { voting: 'audience' },
          before: { tickets: contest.votingTickets },
          after: { tickets: on },
        },
        now,
      );
    }
    return votingSummary(tx, contestOr404(tx, slug));
  });
}

/** Unambiguous letters and digits (no 0/O, 1/I/L): 10 of them are 50 bits, read aloud without doubt. */
const TICKET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newTicketCode = () => Array.from({ length: 10 }, () => TICKET_ALPHABET[randomInt(TICKET_ALPHABET.length)]).join('');

/** Prints `count` more one-time codes. */
export function addTickets(db: Db, slug: string, count: number) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const codes = new Set<string>();
    while (codes.size < count) codes.add(newTicketCode());
    repo.insertTickets(tx, contest.id, [...codes]);
    return repo.tickets(tx, contest.id);
  });
}

export function listTickets(db: Db, slug: string) {
  return repo.tickets(db, contestOr404(db, slug).id);
}

export const ticketModeOn = (db: Db, slug: string) => contestOr404(db, slug).votingTickets;
