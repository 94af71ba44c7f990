/**
 * Where audience voting stands, from the contest's two timestamps (scoring.md §7 "Audience
 * voting"). Never opened: idle. Opened and not closed since: open. Closed after it was last
 * opened: closed — the only state in which the audience prize is decided.
 */
import type { VotingState } from '../../contract/results.js';

export interface VotingWindow {
  votingOpenedAt: string | null;
  votingClosedAt: string | null;
}

export function votingStateOf(c: VotingWindow): VotingState {
  if (!c.votingOpenedAt) return 'idle';
  if (c.votingClosedAt && c.votingClosedAt >= c.votingOpenedAt) return 'closed';
  return 'open';
}
