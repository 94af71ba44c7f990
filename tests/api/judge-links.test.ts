/**
 * One tablet per judge link (api.md "Judges"): the first device to open a link holds it, another
 * gets 409 LINK_IN_USE until the organizer releases the link (or reissues or revokes it) or the
 * tablet signs out; Bearer access for programs binds nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import { HOST, login, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const demo = useDemo();

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const row = (key: string) => demo.h.db.select().from(t.judges).where(eq(t.judges.key, key)).get()!;

/** Opens a judge's link as a device that holds `device` (its judge cookie), or none. */
async function open(judge: string, device?: string, headers: Record<string, string> = {}) {
  const res = await demo.h.app.inject({
    method: 'POST',
    url: '/api/judge/login',
    payload: { token: demo.judges[judge] },
    headers: { ...headers, ...(device ? { cookie: `hoithi_judge=${device}` } : {}) },
  });
  const set = res.cookies.filter((c) => c.name === 'hoithi_judge');
  return { res, device: set.at(-1)?.value, set };
}
const me = (device: string) =>
  demo.h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { cookie: `hoithi_judge=${device}` } });
const linkAction = (judge: string, payload: object, who = demo.cookie) =>
  demo.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/judges/${judge}/link`, headers: { cookie: who }, payload });
const listed = async (judge: string) =>
  (
    (
      await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/judges`, headers: { cookie: demo.cookie } })
    ).json() as {
      judges: { key: string; device: { boundAt: string; seenAt: string | null } | null }[];
    }
  ).judges.find((j) => j.key === judge)!;
const events = (kind: string) => demo.h.db.select().from(t.scoreEvents).where(eq(t.scoreEvents.kind, kind)).all();

describe('the first device to open a link holds it', () => {
  it('binds the link: the cookie is a device secret (not the token), stored only as its sha256', async () => {
    const { res, device } = await open('gk2');
    expect(res.statusCode).toBe(200);
    expect(device).toBeTruthy();
    expect(device).not.toBe(demo.judges['gk2']);
    const r = row('gk2');
    expect(r.linkDeviceHash).toBe(sha256(device!));
    expect(JSON.stringify(r)).not.toContain(device);
    expect(r.linkBoundAt).toBeTruthy();
    expect((await me(device!)).json().judge.key).toBe('gk2');
    // The organizer sees it in use, since when, and the last contact.
    expect((await listed('gk2')).device).toEqual({ boundAt: r.linkBoundAt, seenAt: r.linkSeenAt });
    expect((await listed('gk3')).device).toBeNull();
  });

  it('refuses a second device with 409 LINK_IN_USE, telling the judge to ask the organizers', async () => {
    const first = await open('gk2');
    const second = await open('gk2');
    expect(second.res.statusCode).toBe(409);
    expect(second.res.json().error.code).toBe('LINK_IN_USE');
    expect(second.res.json().error.message).toContain('Vui lòng báo Ban Tổ chức để giải phóng link');
    expect(second.set).toHaveLength(0);
    const english = await open('gk2', undefined, { 'accept-language': 'en' });
    expect(english.res.json().error.message).toContain('ask the organizers to release it');
    // A device holding some other secret (another judge's, or made up) is no better.
    const gk3 = await open('gk3');
    expect((await open('gk2', gk3.device)).res.statusCode).toBe(409);
    expect((await open('gk2', 'mot-bi-mat-tu-che-khong-dung-1234')).res.statusCode).toBe(409);
    // The first tablet is untouched.
    expect(row('gk2').linkDeviceHash).toBe(sha256(first.device!));
    expect((await me(first.device!)).statusCode).toBe(200);
  });

  it('opens again on the device that holds it (a reload, the link tapped twice)', async () => {
    const first = await open('gk2');
    const again = await open('gk2', first.device);
    expect(again.res.statusCode).toBe(200);
    expect(again.device).toBe(first.device);
    expect(row('gk2').linkDeviceHash).toBe(sha256(first.device!));
    expect((await me(first.device!)).statusCode).toBe(200);
  });

  it('lets exactly one of two devices opening the link at once win', async () => {
    const [a, b] = await Promise.all([open('gk4'), open('gk4')]);
    expect([a.res.statusCode, b.res.statusCode].sort()).toEqual([200, 409]);
    const winner = a.res.statusCode === 200 ? a : b;
    expect(row('gk4').linkDeviceHash).toBe(sha256(winner.device!));
  });

  it('frees the link a device held before when it opens another judge’s link', async () => {
    const tablet = await open('gk1');
    const switched = await open('gk2', tablet.device);
    expect(switched.res.statusCode).toBe(200);
    expect(row('gk1').linkDeviceHash).toBeNull();
    expect((await me(switched.device!)).json().judge.key).toBe('gk2');
    expect((await open('gk1')).res.statusCode).toBe(200);
  });

  it('answers an unknown device secret with 401 JUDGE_SIGNED_OUT, and no cookie with UNAUTHENTICATED', async () => {
    const res = await me('khong-phai-thiet-bi-nao-ca-1234567');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('JUDGE_SIGNED_OUT');
    const none = await demo.h.app.inject({ method: 'GET', url: '/api/judge/me' });
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('programs with the Bearer token', () => {
  it('work on a free link without binding it, and on a bound one', async () => {
    const bearer = { authorization: `Bearer ${demo.judges['gk2']}` };
    expect((await demo.h.app.inject({ method: 'GET', url: '/api/judge/me', headers: bearer })).statusCode).toBe(200);
    expect(row('gk2').linkDeviceHash).toBeNull();
    const tablet = await open('gk2');
    expect(tablet.res.statusCode).toBe(200);
    const put = await demo.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { ...bearer, 'idempotency-key': randomUUID() },
      payload: { marks: {}, status: 'draft' },
    });
    expect(put.statusCode).toBe(200);
    expect(row('gk2').linkDeviceHash).toBe(sha256(tablet.device!));
  });
});

describe('the device’s last contact', () => {
  it('is written at most about once a minute, and keeps a tablet in use signed in', async () => {
    const { device } = await open('gk2');
    const recent = new Date(Date.now() - 30_000).toISOString();
    demo.h.db.update(t.judges).set({ linkSeenAt: recent }).where(eq(t.judges.key, 'gk2')).run();
    const quiet = await me(device!);
    expect(row('gk2').linkSeenAt).toBe(recent);
    expect(quiet.cookies.filter((c) => c.name === 'hoithi_judge')).toHaveLength(0);

    const old = new Date(Date.now() - 90_000).toISOString();
    demo.h.db.update(t.judges).set({ linkSeenAt: old }).where(eq(t.judges.key, 'gk2')).run();
    const before = Date.now();
    const seen = await me(device!);
    expect(Date.parse(row('gk2').linkSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
    const refreshed = seen.cookies.find((c) => c.name === 'hoithi_judge');
    expect(refreshed?.value).toBe(device);
    expect(refreshed?.maxAge).toBe(7 * 24 * 3600);
    expect((await listed('gk2')).device?.seenAt).toBe(row('gk2').linkSeenAt);
  });
});

describe('the organizer frees a link', () => {
  it('release: the old tablet is signed out, another device opens the link; the release is logged', async () => {
    const first = await open('gk2');
    const bound = row('gk2');
    const res = await linkAction('gk2', { action: 'release', reason: 'Máy tính bảng hết pin, đổi máy' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'gk2', revoked: false, device: null });
    expect(res.json().url).toContain(demo.judges['gk2']);

    const old = await me(first.device!);
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('JUDGE_SIGNED_OUT');
    const put = await demo.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { cookie: `hoithi_judge=${first.device}`, 'idempotency-key': randomUUID() },
      payload: { marks: {}, status: 'draft' },
    });
    expect(put.statusCode).toBe(401);
    expect(put.json().error.code).toBe('JUDGE_SIGNED_OUT');

    const second = await open('gk2');
    expect(second.res.statusCode).toBe(200);
    expect((await me(second.device!)).json().judge.key).toBe('gk2');

    const logged = events('link_release');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor: 'organizer:btc@hoithi.test', reason: 'Máy tính bảng hết pin, đổi máy' });
    expect(JSON.parse(logged[0]!.subject)).toEqual({ judge: 'gk2' });
    expect(JSON.parse(logged[0]!.before)).toEqual({ boundAt: bound.linkBoundAt, seenAt: bound.linkSeenAt });
    const audit = (
      await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: demo.cookie } })
    ).json();
    expect(audit.verified.ok).toBe(true);
    // Setting up is not marking: the contest still has no marks.
    const detail = (
      await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}`, headers: { cookie: demo.cookie } })
    ).json();
    expect(detail.hasMarks).toBe(false);
  });

  it('release of a link no device holds changes nothing and logs nothing', async () => {
    const res = await linkAction('gk3', { action: 'release' });
    expect(res.statusCode).toBe(200);
    expect(res.json().device).toBeNull();
    expect(events('link_release')).toHaveLength(0);
  });

  it('reissue and revoke sign the tablet out too', async () => {
    const tablet = await open('gk2');
    const reissued = await linkAction('gk2', { action: 'reissue' });
    expect(reissued.json().device).toBeNull();
    expect((await me(tablet.device!)).json().error.code).toBe('JUDGE_SIGNED_OUT');
    demo.judges['gk2'] = reissued.json().url.split('/j/')[1];
    const next = await open('gk2');
    expect(next.res.statusCode).toBe(200);

    const revoked = await linkAction('gk2', { action: 'revoke' });
    expect(revoked.json()).toMatchObject({ revoked: true, device: null });
    expect(row('gk2').linkDeviceHash).toBeNull();
    expect((await me(next.device!)).json().error.code).toBe('JUDGE_SIGNED_OUT');
    expect((await open('gk2', next.device)).res.json().error.code).toBe('LINK_INVALID');
  });

  it('refuses a bad action naming the field, an empty reason, an unknown judge, and anyone but the organizer', async () => {
    const bad = await linkAction('gk2', { action: 'free' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe('action');
    const empty = await linkAction('gk2', { action: 'release', reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.path).toBe('reason');
    const unknown = await linkAction('gk9', { action: 'release' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('JUDGE_NOT_FOUND');

    const tablet = await open('gk2');
    const host = await login(demo.h.app, HOST);
    expect((await linkAction('gk2', { action: 'release' }, host)).statusCode).toBe(403);
    expect((await linkAction('gk2', { action: 'release' }, `hoithi_judge=${tablet.device}`)).statusCode).toBe(401);
    expect(row('gk2').linkDeviceHash).toBe(sha256(tablet.device!));
  });
});

describe('the tablet signs out', () => {
  it('logout ends the session on the server and frees the link', async () => {
    const tablet = await open('gk2');
    const out = await demo.h.app.inject({
      method: 'POST',
      url: '/api/judge/logout',
      headers: { cookie: `hoithi_judge=${tablet.device}` },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'hoithi_judge');
    expect(cleared?.value).toBe('');
    expect(row('gk2')).toMatchObject({ linkDeviceHash: null, linkBoundAt: null, linkSeenAt: null });
    expect((await me(tablet.device!)).json().error.code).toBe('JUDGE_SIGNED_OUT');
    expect((await open('gk2')).res.statusCode).toBe(200);
  });

  it('logout from a device that does not hold the link leaves the binding alone', async () => {
    const tablet = await open('gk2');
    const out = await demo.h.app.inject({
      method: 'POST',
      url: '/api/judge/logout',
      headers: { cookie: 'hoithi_judge=khong-phai-thiet-bi-nao-ca-1234567' },
    });
    expect(out.statusCode).toBe(204);
    expect(row('gk2').linkDeviceHash).toBe(sha256(tablet.device!));
  });
});
