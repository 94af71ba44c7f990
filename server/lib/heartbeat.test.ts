import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heartbeat } from './heartbeat.js';

class FakeSocket {
  pings = 0;
  terminated = false;
  constructor(readonly answers: boolean) {}
  ping() {
    this.pings++;
  }
  terminate() {
    this.terminated = true;
  }
}

describe('Heartbeat', () => {
  it('pings every socket once per period, never more than its share at a tick', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        (n, slices, periods) => {
          const beat = new Heartbeat<FakeSocket>(slices);
          const sockets = Array.from({ length: n }, () => new FakeSocket(true));
          for (const s of sockets) beat.add(s);
          for (let t = 0; t < slices * periods; t++) {
            const before = sockets.reduce((sum, s) => sum + s.pings, 0);
            beat.tick();
            const pinged = sockets.reduce((sum, s) => sum + s.pings, 0) - before;
            expect(pinged).toBeLessThanOrEqual(Math.ceil(n / slices));
            for (const s of sockets) beat.pong(s);
          }
          for (const s of sockets) {
            expect(s.pings).toBe(periods);
            expect(s.terminated).toBe(false);
          }
        },
      ),
    );
  });

  it('terminates a socket that did not answer its last ping, at its next turn, and only it', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 100 }), fc.integer({ min: 1, max: 20 }), (answers, slices) => {
        const beat = new Heartbeat<FakeSocket>(slices);
        const sockets = answers.map((a) => new FakeSocket(a));
        for (const s of sockets) beat.add(s);
        // The first period pings every socket; the second finds the silent ones.
        for (let t = 0; t < 2 * slices; t++) {
          beat.tick();
          for (const s of sockets) if (s.answers && !s.terminated) beat.pong(s);
        }
        for (const s of sockets) {
          expect(s.terminated).toBe(!s.answers);
          expect(s.pings).toBe(s.answers ? 2 : 1);
        }
        expect(beat.size).toBe(answers.filter(Boolean).length);
      }),
    );
  });

  it('forgets a socket deleted (closed): no ping, no termination', () => {
    const beat = new Heartbeat<FakeSocket>(3);
    const gone = new FakeSocket(false);
    const stays = new FakeSocket(true);
    beat.add(gone);
    beat.add(stays);
    beat.delete(gone);
    for (let t = 0; t < 6; t++) {
      beat.tick();
      beat.pong(stays);
    }
    expect(gone.pings).toBe(0);
    expect(stays.pings).toBe(2);
    expect(gone.terminated).toBe(false);
    expect(beat.size).toBe(1);
    // A pong from a socket it no longer holds changes nothing.
    beat.pong(gone);
    expect(beat.size).toBe(1);
  });

  it('refuses a period of no slice', () => {
    expect(() => new Heartbeat(0)).toThrow();
  });
});
