/**
 * What the live hub (server/plugins/live.ts) reads of a contest, as an interface: the hub knows
 * channels, sockets and timing, the domain modules know what a screen shows. The domain side
 * (server/modules/live/source.ts) implements it and app.ts hands it to the plugin.
 */
import type { LiveParts, LiveView } from '../contract/live.js';

/** One read of a contest, shared by the views of one flush; opaque to the hub. */
export type LiveLoad = () => unknown;

export interface LiveSource {
  /** A loader that reads the contest at most once, at the clock's current time. */
  loader(slug: string): LiveLoad;
  /**
   * The current state of a view. `wakeAt` (ms since the epoch) is when it changes without any
   * write (a quiz question's time running out), or null. Throws AppError CONTEST_NOT_FOUND when
   * the contest is gone.
   */
  view(slug: string, view: LiveView, load: LiveLoad): { parts: LiveParts; wakeAt: number | null };
  /** Every contest's slug (the primary publishes them all when it publishes to Redis). */
  slugs(): string[];
}
