/**
 * How the live hub (server/plugins/live.ts) reaches processes beyond its own (issue #14), as
 * interfaces: the primary publishes each public update, an edge follows them. The Redis side
 * (server/lib/redis/) implements them; with no HOITHI_REDIS_URL none of this runs.
 */

/**
 * One change of a contest's public view. A snapshot holds every part; an update only the parts
 * that changed; `gone` says the contest was deleted. Parts are JSON texts, as sent to screens.
 */
export interface LiveEntry {
  type: 'snapshot' | 'update' | 'gone';
  seq: number;
  parts: Record<string, string>;
}

/** The primary's side: called by the hub for every public update, in order; never blocks or throws. */
export interface LivePublisher {
  publish(slug: string, entry: LiveEntry): void;
  close(): Promise<void>;
}

/** What a follower feeds: the hub of an edge. */
export interface LiveSink {
  receive(slug: string, entry: LiveEntry): void;
}

/** An edge's side: follows a contest's public view into its sink. */
export interface LiveFollower {
  /** Loads the contest's snapshot and follows it from there; false when the primary publishes no such contest. */
  follow(slug: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The whole text of an entry's parts, as one JSON object. */
export const partsJson = (parts: Record<string, string>): string =>
  `{${Object.entries(parts)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;
