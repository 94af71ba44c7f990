/**
 * The calls of the live room: public reads for the big screen, the phones and the overlay, the
 * host's run-of-show actions, and the audience vote. Built on $lib/api's `request`.
 */
import type { z } from 'zod';
import type { Progress, Scene } from '$contract/judging';
import type { lockBodySchema, roundLockResultSchema, unlockResultSchema } from '$contract/results';
import type { RouteBody } from '$contract/routes';
import { enc, request, untypedRequest } from '$lib/api';

type Fetch = typeof fetch;

const base = (slug: string) => `/api/contests/${enc(slug)}`;

/** A fetch without the session cookie: what any member of the audience is answered. */
const anonymous: Fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/** POST …/teams/:team/lock; its schema is still inline in the server's closing routes. */
export interface LockResult {
  round: string;
  team: string;
  locked: true;
  lockedAt: string;
}

/** Teams locked by this call, teams locked before it, and direct cells given 0. */
export type RoundLockResult = z.infer<typeof roundLockResultSchema>;
export type UnlockResult = z.infer<typeof unlockResultSchema>;
/** Locking past missing sheets: `force` with the reason logged in the minutes. */
export type LockOptions = NonNullable<z.input<typeof lockBodySchema>>;

export const stageApi = {
  publicContest: (slug: string, f?: Fetch) => request('GET /api/contests/:slug/public', { params: { slug }, fetch: f }),
  /** The board exactly as the public sees it (frozen, revealed), even from a staff session. */
  publicBoard: (slug: string) => request('GET /api/contests/:slug/scoreboard', { params: { slug }, fetch: anonymous }),
  setStage: (slug: string, round: string | null, team: string | null) =>
    request('POST /api/contests/:slug/stage', { params: { slug }, body: { round, team } }),
  setScene: (slug: string, scene: Scene) => request('POST /api/contests/:slug/scene', { params: { slug }, body: { scene } }),
  timer: (slug: string, action: RouteBody<'POST /api/contests/:slug/timer'>['action']) =>
    request('POST /api/contests/:slug/timer', { params: { slug }, body: { action } }),
  progress: (slug: string, round: string) => untypedRequest<Progress>('GET', `${base(slug)}/rounds/${enc(round)}/progress`),
  lock: (slug: string, round: string, team: string, opts: LockOptions = {}) =>
    untypedRequest<LockResult>('POST', `${base(slug)}/rounds/${enc(round)}/teams/${enc(team)}/lock`, { json: opts }),
  lockRound: (slug: string, round: string, opts: LockOptions = {}) =>
    untypedRequest<RoundLockResult>('POST', `${base(slug)}/rounds/${enc(round)}/lock`, { json: opts }),
  unlock: (slug: string, round: string, team: string, reason: string) =>
    untypedRequest<UnlockResult>('POST', `${base(slug)}/rounds/${enc(round)}/teams/${enc(team)}/unlock`, { json: { reason } }),
  revealCheck: (slug: string) => request('GET /api/contests/:slug/reveal/check', { params: { slug } }),
  freeze: (slug: string) => untypedRequest<{ frozen: true; frozenAt: string }>('POST', `${base(slug)}/freeze`),
  unfreeze: (slug: string) => untypedRequest<{ frozen: false }>('POST', `${base(slug)}/unfreeze`),
  /** The first step while the results are not final needs `{ override: true, reason }`. */
  revealNext: (slug: string, override?: { reason: string }) =>
    request('POST /api/contests/:slug/reveal/next', {
      params: { slug },
      body: override ? { override: true, reason: override.reason } : {},
    }),
  /** `ticket`: the printed one-time code the phone came with (ticket mode). */
  myVote: (slug: string, ticket?: string) =>
    untypedRequest<{ team: string | null }>(
      'GET',
      `${base(slug)}/votes/me${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ''}`,
    ),
  vote: (slug: string, team: string, ticket?: string) =>
    untypedRequest<{ team: string }>('POST', `${base(slug)}/votes`, { json: ticket ? { team, ticket } : { team } }),
};
