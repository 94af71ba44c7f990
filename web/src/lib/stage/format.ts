/** Timer levels and states of the live room (countdowns and points: $contract/format). */
import type { Timer } from '$contract/judging';

export type TimerLevel = 'idle' | 'ok' | 'warn' | 'over';

/** Amber from one minute left, red at zero. */
export function timerLevel(ms: number | null): TimerLevel {
  if (ms === null) return 'idle';
  if (ms <= 0) return 'over';
  if (ms <= 60_000) return 'warn';
  return 'ok';
}

export type TimerState = 'none' | 'ready' | 'running' | 'paused' | 'over';

export function timerState(timer: Timer, remaining: number | null): TimerState {
  if (remaining === null) return 'none';
  if (remaining <= 0) return 'over';
  if (timer.endsAt) return 'running';
  if (timer.durationMs !== null && remaining < timer.durationMs) return 'paused';
  return 'ready';
}
