/** The browser's light check of live frames accepts what the server's schema accepts, and drops the rest. */
import { describe, expect, it } from 'vitest';
import { liveMessageSchema } from './live.js';
import { isLiveMessage, parseLiveMessage } from './live-message.js';

const stage = {
  round: 'v1',
  team: 't1',
  updatedAt: null,
  scene: 'stage',
  timer: { durationMs: 60_000, endsAt: null, remainingMs: 60_000 },
};

describe('isLiveMessage', () => {
  it('accepts the messages the schema accepts', () => {
    const valid = [
      { type: 'snapshot', seq: 1, view: 'public' },
      { type: 'snapshot', seq: 2, view: 'host', stage, progress: null, quiz: null, quizAnswered: [], locks: [], result: null },
      { type: 'update', seq: 3 },
      { type: 'update', seq: 4, stage, locks: [{ round: 'v1', team: 't1' }] },
      { type: 'update', seq: 5, after: 4, scoreboardDelta: { removed: ['t1'], fields: { seq: 3 }, unset: ['voting'] } },
    ];
    for (const msg of valid) {
      expect(liveMessageSchema.safeParse(msg).success).toBe(true);
      expect(isLiveMessage(msg)).toBe(true);
      expect(parseLiveMessage(JSON.stringify(msg))).toEqual(msg);
    }
  });

  it('rejects frames of another shape', () => {
    const invalid = [
      null,
      'update',
      [{ type: 'update', seq: 1 }],
      { type: 'hello', seq: 1 },
      { type: 'update' },
      { type: 'update', seq: 1.5 },
      { type: 'update', seq: '1' },
      { type: 'snapshot', seq: 1, view: 'everyone' },
      { type: 'update', seq: 1, stage: null },
      { type: 'update', seq: 1, locks: 'all' },
      { type: 'update', seq: 1, quizAnswered: {} },
      { type: 'update', seq: 2, after: '1' },
      { type: 'update', seq: 2, after: 1.5 },
      { type: 'update', seq: 2, scoreboardDelta: [] },
    ];
    for (const msg of invalid) {
      expect(liveMessageSchema.safeParse(msg).success).toBe(false);
      expect(isLiveMessage(msg)).toBe(false);
    }
    expect(parseLiveMessage('not json')).toBeNull();
  });
});
