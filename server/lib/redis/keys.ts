/** Where a contest's public view lives in Redis (issue #14): its stream of entries and its snapshot. */
export const liveStreamKey = (slug: string) => `hoithi:live:${slug}:public:stream`;
export const liveSnapshotKey = (slug: string) => `hoithi:live:${slug}:public:snapshot`;

/** Reconnects forever, backing off to one attempt every two seconds. */
export const retryForever = (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2_000);

/** A contest's public reads (server/lib/public-reads.ts): a hash of each route's body, and of its certificates by serial. */
export const readsKey = (slug: string) => `hoithi:reads:${slug}`;
export const certificatesKey = (slug: string) => `hoithi:reads:${slug}:certificates`;
/** Which contest holds each certificate: serial → slug. */
export const CERTIFICATE_INDEX = 'hoithi:certificates';

/** A connection that never queues a command while Redis is away (it fails at once) and reconnects forever. */
export const connectionOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: retryForever,
} as const;
