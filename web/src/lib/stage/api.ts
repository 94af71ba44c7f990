/**
 * The calls of the live room: public reads for the big screen, the phones and the overlay, the
 * host's run-of-show actions, and the audience vote. Built on $lib/api's `request`.
 */
import type { PublicContest } from '$contract/api';
import type { Progress, Scene, Stage } from '$contract/judging';
import type { RevealCheck, RevealState, ScoreboardBody } from '$contract/results';
import { enc, request } from '$lib/api';

type Fetch = typeof fetch;

const base = (slug: string) => `/api/contests/${enc(slug)}`;

/** A fetch without the session cookie: what any member of the audience is answered. */
const anonymous: Fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export interface LockResult {
  round: string;
  team: string;
  locked: true;
  lockedAt: string;
}

export interface RoundLockResult {
  round: string;
  /** Teams locked by this call, teams locked before it, and direct cells given 0. */
  locked: string[];
  already: string[];
  zeroed: string[];
}

export interface UnlockResult {
  round: string;
  team: string;
  locked: false;
  unlockedAt: string;
}

/** Locking past missing sheets: `force` with the reason logged in the minutes. */
export interface LockOptions {
  force?: true;
  reason?: string;
}

export const stageApi = {
  publicContest: (slug: string, f?: Fetch) => request<PublicContest>('GET', `${base(slug)}/public`, { fetch: f }),
  /** The board exactly as the public sees it (frozen, revealed), even from a staff session. */
  publicBoard: (slug: string) => request<ScoreboardBody>('GET', `${base(slug)}/scoreboard`, { fetch: anonymous }),
  setStage: (slug: string, round: string | null, team: string | null) =>
    request<Stage>('POST', `${base(slug)}/stage`, { json: { round, team } }),
  setScene: (slug: string, scene: Scene) => request<Stage>('POST', `${base(slug)}/scene`, { json: { scene } }),
  timer: (slug: string, action: 'start' | 'pause' | 'reset') =>
    request<Stage>('POST', `${base(slug)}/timer`, { json: { action } }),
  progress: (slug: string, round: string) => request<Progress>('GET', `${base(slug)}/rounds/${enc(round)}/progress`),
  lock: (slug: string, round: string, team: string, opts: LockOptions = {}) =>
    request<LockResult>('POST', `${base(slug)}/rounds/${enc(round)}/teams/${enc(team)}/lock`, { json: opts }),
  lockRound: (slug: string, round: string, opts: LockOptions = {}) =>
    request<RoundLockResult>('POST', `${base(slug)}/rounds/${enc(round)}/lock`, { json: opts }),
  unlock: (slug: string, round: string, team: string, reason: string) =>
    request<UnlockResult>('POST', `${base(slug)}/rounds/${enc(round)}/teams/${enc(team)}/unlock`, { json: { reason } }),
  revealCheck: (slug: string) => request<RevealCheck>('GET', `${base(slug)}/reveal/check`),
  freeze: (slug: string) => request<{ frozen: true; frozenAt: string }>('POST', `${base(slug)}/freeze`),
  unfreeze: (slug: string) => request<{ frozen: false }>('POST', `${base(slug)}/unfreeze`),
  /** The first step while the results are not final needs `{ override: true, reason }`. */
  revealNext: (slug: string, override?: { reason: string }) =>
    request<RevealState>('POST', `${base(slug)}/reveal/next`, {
      json: override ? { override: true, reason: override.reason } : {},
    }),
  /** `ticket`: the printed one-time code the phone came with (ticket mode). */
  myVote: (slug: string, ticket?: string) =>
    request<{ team: string | null }>('GET', `${base(slug)}/votes/me${ticket ? `?ticket=${encodeURIComponent(ticket)}` : ''}`),
  vote: (slug: string, team: string, ticket?: string) =>
    request<{ team: string }>('POST', `${base(slug)}/votes`, { json: ticket ? { team, ticket } : { team } }),
};
