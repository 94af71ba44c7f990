/** Where audience votes cast on edges live in Redis (issue #14, item 4). */

/** One stream of votes for every contest, read by the primary's consumer group. */
export const votesStreamKey = 'hoithi:votes:stream';
export const VOTES_GROUP = 'primary';
/** The rules an edge checks a vote with (JSON: state, ticket mode, teams), kept by the primary. */
export const voteRulesKey = (slug: string) => `hoithi:votes:${slug}:rules`;
/** The sha256 of each printed ticket code of a contest in ticket mode. */
export const voteTicketsKey = (slug: string) => `hoithi:votes:${slug}:tickets`;
/** Who voted through an edge: voter → team (the edge's ALREADY_VOTED and GET votes/me). */
export const votersKey = (slug: string) => `hoithi:votes:${slug}:voters`;
/** Set by the primary once every contest's rules are published: a contest without rules is then none. */
export const voteRulesReadyKey = 'hoithi:votes:ready';
