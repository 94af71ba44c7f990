/** Audience voting (scoring.md §5 "audience", §7 "Audience voting"): its window and its counts. */
import { z } from 'zod';
import { keySchema } from './package.js';
import { votingStateSchema } from './results.js';

/** A printed one-time code: letters and digits, dashes and spaces ignored, any case. */
export const ticketCodeSchema = z
  .string()
  .max(40)
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{6,20}$/));

/** `ticket` is needed in ticket mode and ignored otherwise. */
export const voteBodySchema = z.object({ team: keySchema, ticket: ticketCodeSchema.optional() });

/**
 * Where voting stands and how many votes each team has (staff only: the public sees the state on
 * the scoreboard, never the counts). `counts` names every team that takes part, 0 included.
 */
export const votingSummarySchema = z.object({
  open: z.boolean(),
  state: votingStateSchema,
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  /** Votes the organizer voided (not in total or counts). */
  voided: z.number().int(),
  /** Ticket mode: a vote needs one of the printed one-time codes. */
  tickets: z.boolean(),
});
export type VotingSummary = z.infer<typeof votingSummarySchema>;

/** Votes in one minute (`minute` is "YYYY-MM-DDTHH:MM", UTC). */
export const minuteCountSchema = z.object({ minute: z.string(), votes: z.number().int() });

/** Votes per client address and per minute, for the organizer to spot bought votes. */
export const voteAddressesSchema = z.object({
  addresses: z.array(
    z.object({
      /** As the server saw it (req.ip); "unknown" for votes cast before addresses were kept. */
      address: z.string(),
      votes: z.number().int(),
      voided: z.number().int(),
      firstAt: z.string(),
      lastAt: z.string(),
      /** The busiest minute's count: many votes in one minute from one address is a sign of a script. */
      peakPerMinute: z.number().int(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
  perMinute: z.array(minuteCountSchema),
});
export type VoteAddresses = z.infer<typeof voteAddressesSchema>;

export const voidBodySchema = z.object({
  address: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(1).max(500),
});

export const ticketModeBodySchema = z.object({ tickets: z.boolean() });
export const ticketBatchBodySchema = z.object({ count: z.number().int().min(1).max(2000) });
export const ticketListSchema = z.object({
  tickets: z.array(z.object({ code: z.string(), url: z.string(), usedAt: z.string().nullable() })),
});

export const myVoteQuerySchema = z.object({ ticket: ticketCodeSchema.optional() });
export type MyVoteQuery = z.infer<typeof myVoteQuerySchema>;
export const myVoteSchema = z.object({ team: z.string().nullable() });
export type MyVote = z.infer<typeof myVoteSchema>;
export const castVoteSchema = z.object({ team: z.string() });
export type CastVote = z.infer<typeof castVoteSchema>;
export const voidVotesSchema = votingSummarySchema.extend({ voidedNow: z.number().int() });
export type VoidVotes = z.infer<typeof voidVotesSchema>;
