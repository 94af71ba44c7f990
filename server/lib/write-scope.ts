/**
 * What an accepted write can change on the screens. Every accepted write to a contest makes the
 * live hub recompute its views, and on a primary with Redis the public reads an edge answers and
 * the rules an edge checks votes by. A route whose writes can change only some views says which
 * (`config: { liveViews: [...] }`): a judge's sheet changes the organizer's live board and the
 * host's progress, never what the public sees (released results only), so the public view, the
 * public reads and the vote rules are left alone for it.
 */
import type { FastifyRequest } from 'fastify';
import type { LiveView } from '../contract/live.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The only views an accepted write of this route can change; unset, every view. */
    liveViews?: readonly LiveView[];
  }
}

/** The views the request's write can change, or undefined for every one. */
export const viewsChangedBy = (req: FastifyRequest): readonly LiveView[] | undefined => req.routeOptions.config.liveViews;

/** Whether the request's write can change what the public sees. */
export const changesPublicView = (req: FastifyRequest): boolean => viewsChangedBy(req)?.includes('public') ?? true;
