/**
 * Every time the server stores or compares comes from the app's clock (issue #15 item 7): with a
 * clock moved by hand, the log's times, the results table's date, the draw and an organizer's
 * session all follow it, never the machine's time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, importDemo, login, makeApp, manualClock, type TestApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
// A day far from the machine's clock, so that a time read from the wall clock cannot match.
const START = Date.parse('2031-05-04T02:00:00.000Z');
const HOUR = 3600_000;

let h: TestApp;
let clock: ReturnType<typeof manualClock>;
let organizer: string;

beforeEach(async () => {
  clock = manualClock(START);
  h = await makeApp({ clock });
  organizer = await login(h.app);
  await importDemo(h.app, organizer);
});
afterEach(async () => {
  await h.app.close();
});

const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  h.app.inject({ method, url: `/api/contests/${SLUG}${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
const iso = (ms: number) => new Date(ms).toISOString();
type Event = { kind: string; at: string };
const lastEvent = async (kind: string): Promise<Event | undefined> =>
  ((await call('GET', '/audit', organizer)).json() as { events: Event[] }).events.filter((e) => e.kind === kind).at(-1);

describe('the app clock', () => {
  it('stamps the log: a draw and a reveal override at the clock’s time', async () => {
    clock.advance(5 * 60_000);
    const drawn = await call('POST', '/draw', organizer, { seed: 'hoi-thi' });
    expect(drawn.statusCode).toBe(200);
    expect(drawn.json().at).toBe(iso(START + 5 * 60_000));
    expect((await lastEvent('draw'))?.at).toBe(iso(START + 5 * 60_000));

    clock.advance(2 * HOUR);
    const host = await login(h.app, HOST);
    expect((await call('POST', '/freeze', host)).statusCode).toBe(200);
    const step = await call('POST', '/reveal/next', host, { override: true, reason: 'Chương trình hết giờ' });
    expect(step.statusCode).toBe(200);
    expect(await lastEvent('reveal_override')).toMatchObject({ at: iso(START + 5 * 60_000 + 2 * HOUR) });
  });

  it("stamps a change of a judge's conflicts at the clock's time", async () => {
    clock.advance(7 * 60_000);
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/judges/gk1/conflicts`,
      headers: { cookie: organizer },
      payload: { teams: [], reason: 'Giám khảo không còn liên quan' },
    });
    expect(res.statusCode).toBe(200);
    expect((await lastEvent('conflicts'))?.at).toBe(iso(START + 7 * 60_000));
  });

  it('dates the results table by the clock', async () => {
    clock.advance(3 * HOUR);
    const first = await call('GET', '/results', organizer);
    expect(first.statusCode).toBe(200);
    expect(first.json().table.generatedAt).toBe(iso(START + 3 * HOUR));
    clock.advance(90_000);
    expect((await call('GET', '/results', organizer)).json().table.generatedAt).toBe(iso(START + 3 * HOUR + 90_000));
  });

  it('ends an organizer’s session 24 hours after login by the clock', async () => {
    clock.advance(24 * HOUR - 1);
    // Positive control: a moment before the end the session still works.
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: organizer } })).statusCode).toBe(200);
    clock.advance(1);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: organizer } })).statusCode).toBe(401);
  });
});
