/** Where a contest's public view lives in Redis (issue #14): its stream of entries and its snapshot. */
export const liveStreamKey = (slug: string) => `hoithi:live:${slug}:public:stream`;
export const liveSnapshotKey = (slug: string) => `hoithi:live:${slug}:public:snapshot`;

/** Reconnects forever, backing off to one attempt every two seconds. */
export const retryForever = (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2_000);
