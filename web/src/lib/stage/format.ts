/** Countdowns and points as the live room writes them. */
import type { Timer } from '$contract/judging';

/** "4:05": minutes and seconds, rounded up so that 0:00 means the time is really up. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, '0')}`;
}

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

const formats = new Map<string, Intl.NumberFormat>();

/** Points with the board's fixed number of decimals, so that columns line up: "85,50". */
export function points(n: number, decimals: number, tag: string): string {
  const id = `${tag}/${decimals}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(tag, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(id, f);
  }
  return f.format(n);
}
