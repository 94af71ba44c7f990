import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../lib/clock.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's clock: real time, or the one a test moves by hand (buildApp's `clock` option). */
    clock: Clock & { date(): Date; iso(): string };
  }
}

/** Shares the app's clock with every module and plugin. */
export default fp<{ clock?: Clock }>(
  async (app, opts) => {
    const clock = opts.clock ?? systemClock;
    app.decorate('clock', {
      now: () => clock.now(),
      date: () => new Date(clock.now()),
      iso: () => new Date(clock.now()).toISOString(),
    });
  },
  { name: 'clock' },
);
