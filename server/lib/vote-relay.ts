/**
 * Audience votes cast on edges (issue #14, item 4), as interfaces: an edge checks a vote and
 * appends it to a stream (`VoteOutbox`), the primary reads that stream and stores each vote once
 * (`VoteInbox`, fed to a `VoteStore` the votes module implements). The Redis side
 * (server/lib/redis/votes.ts) implements them; with no HOITHI_REDIS_URL none of this runs.
 */
import type { VotingState } from '../contract/results.js';

/**
 * One vote on its way to the primary. Its id is the contest and the voter: a device (the sha256 of
 * its id, never the id) or a printed ticket, each of which votes once, so a vote delivered twice
 * is stored once (the votes table's key) and changes nothing the second time.
 */
export interface RelayedVote {
  slug: string;
  /** `device:<sha256 of the device id>` or `ticket:<normalised code>`. */
  voter: string;
  team: string;
  /** The client address the edge saw (req.ip). */
  address: string;
  /** When the edge took the vote (its clock, ISO). */
  at: string;
}

/** What an edge needs to check a vote as the primary would: the window, ticket mode, the teams. */
export interface VoteRules {
  state: VotingState;
  tickets: boolean;
  /** Every team of the contest by key, with its status (only `active` teams may be voted for). */
  teams: Record<string, string>;
}

/** The primary's rules for a contest, with the sha256 of each printed ticket code. */
export interface VoteRulesWithTickets extends VoteRules {
  ticketHashes: string[];
}

/**
 * The edge's side. Every method throws AppError('VOTES_UNAVAILABLE') when the relay cannot answer
 * (Redis away, or the primary has not published its rules since Redis came back): the edge never
 * says a vote was taken when it was not appended.
 */
export interface VoteOutbox {
  /** The contest's rules; null when the primary has no such contest. */
  rules(slug: string): Promise<VoteRules | null>;
  /** Whether a printed code of the contest has this hash (the votes module's `hashTicket`). */
  ticketKnown(slug: string, ticketHash: string): Promise<boolean>;
  /**
   * Appends the vote unless its voter has voted through an edge already: null when appended (and
   * durable as far as the Redis server's persistence goes), else the team the voter voted for.
   */
  append(vote: RelayedVote): Promise<string | null>;
  /** The team a voter voted for through an edge, if any. */
  votedTeam(slug: string, voter: string): Promise<string | null>;
  close(): Promise<void>;
}

/** What the primary's votes module gives the inbox. */
export interface VoteStore {
  /**
   * Stores the votes in one commit (each at most once); resolves once that commit is durable, with
   * the votes refused for another reason than their voter having voted (that voter may vote again).
   */
  store(votes: RelayedVote[]): Promise<{ refused: RelayedVote[] }>;
  /** The rules of a contest as edges need them; null when there is no such contest. */
  rules(slug: string): VoteRulesWithTickets | null;
  slugs(): string[];
}

/** The primary's side: reads the votes stream into the store and keeps the edges' rules current. */
export interface VoteInbox {
  /** A contest's voting may have changed (or every contest's, without a slug): publish its rules again. */
  rulesChanged(slug?: string): void;
  close(): Promise<void>;
}
