/** Where a quiz question stands, by the server's clock, and how its countdown looks. */
import type { LiveQuestion } from '$contract/quiz';
import type { TimerLevel } from '$lib/stage/format';

export type QuizPhase = 'open' | 'closed' | 'voided';

/** The letters of the choices: A to F. */
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const letter = (i: number): string => LETTERS[i] ?? String(i + 1);

/**
 * Open until the host closes it or its time is up on the server's clock (`serverNow`); past its
 * time it is closed even before the hub's update brings the answer.
 */
export function phaseOf(q: LiveQuestion, serverNow: number): QuizPhase {
  if (q.voided) return 'voided';
  if (q.closedAt) return 'closed';
  if (q.closesAt && serverNow >= Date.parse(q.closesAt)) return 'closed';
  return 'open';
}

/** Milliseconds left while open; 0 once closed; null when the question has no time limit. */
export function remainingOf(q: LiveQuestion, serverNow: number): number | null {
  if (!q.closesAt) return q.closedAt || q.voided ? 0 : null;
  if (q.closedAt || q.voided) return 0;
  return Math.max(0, Date.parse(q.closesAt) - serverNow);
}

/** Amber from ten seconds left, red at zero. */
export function quizLevel(ms: number | null): TimerLevel {
  if (ms === null) return 'idle';
  if (ms <= 0) return 'over';
  if (ms <= 10_000) return 'warn';
  return 'ok';
}

/** A question's identity across rounds. */
export const questionId = (round: string, question: string) => `${round}/${question}`;
