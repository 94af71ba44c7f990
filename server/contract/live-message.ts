/**
 * A live frame read by the browser: a light check of the shape of server/contract/live.ts's
 * messages, without zod (the live pages' bundle has none). The server builds every frame from
 * those schemas; this only keeps a garbled or foreign frame from reaching the screen.
 */
import type { LiveMessage, LiveView } from './live.js';

const VIEWS: readonly LiveView[] = ['public', 'host', 'organizer', 'judge'];

/** The parts an update may carry, each checked for its kind: object, array, or (where allowed) null. */
const PARTS: Readonly<Record<string, { kind: 'object' | 'array'; nullable: boolean }>> = {
  scoreboard: { kind: 'object', nullable: false },
  stage: { kind: 'object', nullable: false },
  progress: { kind: 'object', nullable: true },
  quiz: { kind: 'object', nullable: true },
  quizAnswered: { kind: 'array', nullable: false },
  votes: { kind: 'object', nullable: false },
  result: { kind: 'object', nullable: true },
  locks: { kind: 'array', nullable: false },
  scoreboardDelta: { kind: 'object', nullable: false },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a parsed frame has the shape of a live message: its type, seq, view (when given) and parts. */
export function isLiveMessage(value: unknown): value is LiveMessage {
  if (!isRecord(value)) return false;
  const { type, seq } = value;
  if (type !== 'snapshot' && type !== 'update') return false;
  if (typeof seq !== 'number' || !Number.isInteger(seq)) return false;
  const view = value['view'];
  if (type === 'snapshot' && view !== undefined && !VIEWS.some((v) => v === view)) return false;
  const after = value['after'];
  if (type === 'update' && after !== undefined && (typeof after !== 'number' || !Number.isInteger(after))) return false;
  for (const [name, part] of Object.entries(PARTS)) {
    const v = value[name];
    if (v === undefined || (v === null && part.nullable)) continue;
    if (part.kind === 'array' ? !Array.isArray(v) : !isRecord(v)) return false;
  }
  return true;
}

/** A WebSocket frame as a live message, or null when it is not one (not JSON, or not the shape). */
export function parseLiveMessage(data: unknown): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    return null;
  }
  return isLiveMessage(value) ? value : null;
}
