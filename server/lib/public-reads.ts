/**
 * The public reads an edge answers without a database (issue #14): a contest's scoreboard, stage
 * and public facts, and the certificate check. The primary keeps each body, exactly as it answers
 * it, where edges read it (server/lib/redis/reads.ts); with no HOITHI_REDIS_URL none of this runs.
 */

/** The public GET routes of a contest an edge answers, by name. */
export const CONTEST_READS = {
  scoreboard: (slug: string) => `/api/contests/${slug}/scoreboard`,
  stage: (slug: string) => `/api/contests/${slug}/stage`,
  public: (slug: string) => `/api/contests/${slug}/public`,
} as const;
export type ContestRead = keyof typeof CONTEST_READS;

/** A contest's public reads: each route's body, and each certificate's body by serial (JSON texts). */
export interface PublicReads {
  bodies: Record<ContestRead, string>;
  certificates: Record<string, string>;
}

/** The primary's side: keeps the reads current; never blocks or throws. */
export interface ReadsPublisher {
  put(slug: string, reads: PublicReads): void;
  /** The contest was deleted: its reads and certificates are gone. */
  gone(slug: string): void;
  close(): Promise<void>;
}

/** An edge's side: the bodies as the primary last kept them; null when there is none. */
export interface ReadsStore {
  body(slug: string, read: ContestRead): Promise<string | null>;
  certificate(serial: string): Promise<string | null>;
  close(): Promise<void>;
}
