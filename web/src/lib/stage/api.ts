/**
 * The calls of the live room: public reads for the big screen, the phones and the overlay, the
 * host's run-of-show actions, and the audience vote. Built on $lib/api's `request`.
 */
import type { Scene } from '$contract/judging';
import type { LockBody } from '$contract/results';
import type { RouteBody } from '$contract/routes';
import { request } from '$lib/api';

type Fetch = typeof fetch;

/** A fetch without the session cookie: what any member of the audience is answered. */
const anonymous: Fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export const stageApi = {
  publicContest: (slug: string, f?: Fetch) => request('GET /api/contests/:slug/public', { params: { slug }, fetch: f }),
  /** The board exactly as the public sees it (frozen, revealed), even from a staff session. */
  publicBoard: (slug: string) => request('GET /api/contests/:slug/scoreboard', { params: { slug }, fetch: anonymous }),
  setStage: (slug: string, round: string | null, team: string | null) =>
    request('POST /api/contests/:slug/stage', { params: { slug }, body: { round, team } }),
  setScene: (slug: string, scene: Scene) => request('POST /api/contests/:slug/scene', { params: { slug }, body: { scene } }),
  timer: (slug: string, action: RouteBody<'POST /api/contests/:slug/timer'>['action']) =>
    request('POST /api/contests/:slug/timer', { params: { slug }, body: { action } }),
  progress: (slug: string, round: string) =>
    request('GET /api/contests/:slug/rounds/:round/progress', { params: { slug, round } }),
  lock: (slug: string, round: string, team: string, opts: LockBody = {}) =>
    request('POST /api/contests/:slug/rounds/:round/teams/:team/lock', { params: { slug, round, team }, body: opts }),
  lockRound: (slug: string, round: string, opts: LockBody = {}) =>
    request('POST /api/contests/:slug/rounds/:round/lock', { params: { slug, round }, body: opts }),
  unlock: (slug: string, round: string, team: string, reason: string) =>
    request('POST /api/contests/:slug/rounds/:round/teams/:team/unlock', { params: { slug, round, team }, body: { reason } }),
  revealCheck: (slug: string) => request('GET /api/contests/:slug/reveal/check', { params: { slug } }),
  freeze: (slug: string) => request('POST /api/contests/:slug/freeze', { params: { slug } }),
  unfreeze: (slug: string) => request('POST /api/contests/:slug/unfreeze', { params: { slug } }),
  /** The first step while the results are not final needs `{ override: true, reason }`. */
  revealNext: (slug: string, override?: { reason: string }) =>
    request('POST /api/contests/:slug/reveal/next', {
      params: { slug },
      body: override ? { override: true, reason: override.reason } : {},
    }),
  /** `ticket`: the printed one-time code the phone came with (ticket mode). */
  myVote: (slug: string, ticket?: string) =>
    request('GET /api/contests/:slug/votes/me', { params: { slug }, query: ticket ? { ticket } : {} }),
  vote: (slug: string, team: string, ticket?: string) =>
    request('POST /api/contests/:slug/votes', { params: { slug }, body: ticket ? { team, ticket } : { team } }),
};
