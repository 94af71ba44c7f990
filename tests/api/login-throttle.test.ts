/**
 * No lockout from elsewhere (issue #13 item 5, api.md "Start-up and accounts"): failed sign-ins are
 * counted per (account, address); the address that failed is refused with 429, the real user from
 * another address still signs in, and an account guessed at from many addresses is only slowed.
 * The account page's route: change one's own password, other sessions signed out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, ORGANIZER, login, makeApp, type TestApp } from '../helpers/app.js';
import { LoginThrottle } from '../../server/lib/throttle.js';

let h: TestApp;
beforeEach(async () => {
  h = await makeApp();
});
afterEach(async () => {
  await h.app.close();
});

const attempt = (password: string, remoteAddress: string, who = ORGANIZER) =>
  h.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email: who.email, password } });

describe('failed sign-ins are throttled per account and address', () => {
  it('an attacker failing many times is refused with 429; the real user from another address signs in', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await attempt(`sai-${i}`, '10.6.6.6')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const refused = await attempt(ORGANIZER.password, '10.6.6.6');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    const real = await attempt(ORGANIZER.password, '10.0.0.10');
    expect(real.statusCode).toBe(200);
    expect(real.cookies.some((c) => c.name === 'hoithi_session')).toBe(true);
    // The host's account is untouched even from the attacker's address.
    expect((await attempt(HOST.password, '10.6.6.6', HOST)).statusCode).toBe(200);
  });

  it('many addresses failing only slow the account down: a fresh address is never refused', async () => {
    // 5 addresses × 5 failures: every attacker address is spent, the account is past 20 failures.
    for (let a = 1; a <= 5; a++)
      for (let i = 0; i < 5; i++) expect((await attempt(`sai-${a}-${i}`, `10.9.0.${a}`)).statusCode).toBe(401);
    expect((await attempt('sai-nua', '10.9.0.1')).statusCode).toBe(429);
    const started = Date.now();
    const real = await attempt(ORGANIZER.password, '192.168.1.20');
    expect(real.statusCode).toBe(200);
    // Slowed (answered no sooner than a second after it arrived), not refused.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('the throttle on its own: per (account, address), with a slowdown after many failures of the account', () => {
    let now = 0;
    const th = new LoginThrottle({ perAddress: 3, perAccount: 5, windowMs: 60_000, slowMs: 500 }, () => now);
    for (let i = 0; i < 3; i++) th.fail('a@x', '1.1.1.1');
    expect(th.retryAfter('a@x', '1.1.1.1')).toBeGreaterThan(0);
    expect(th.retryAfter('a@x', '2.2.2.2')).toBe(0);
    expect(th.retryAfter('b@x', '1.1.1.1')).toBe(0);
    expect(th.slowdownMs('a@x')).toBe(0);
    for (let i = 0; i < 2; i++) th.fail('a@x', '3.3.3.3');
    expect(th.slowdownMs('a@x')).toBe(500);
    expect(th.retryAfter('a@x', '3.3.3.3')).toBe(0);
    now += 60_001;
    expect(th.retryAfter('a@x', '1.1.1.1')).toBe(0);
    expect(th.slowdownMs('a@x')).toBe(0);
  });
});

describe('changing one’s own password', () => {
  const change = (cookie: string, body: object, remoteAddress = '127.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, remoteAddress, payload: body });
  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  it('needs the current password; signs out the other sessions and keeps this device signed in', async () => {
    const here = await login(h.app);
    const elsewhere = await login(h.app);
    const res = await change(here, { currentPassword: ORGANIZER.password, newPassword: 'mat-khau-moi-2026' });
    expect(res.statusCode).toBe(200);
    const rotated = res.cookies.find((c) => c.name === 'hoithi_session')!.value;
    expect(`hoithi_session=${rotated}`).not.toBe(here);
    expect((await me(`hoithi_session=${rotated}`)).statusCode).toBe(200);
    expect((await me(here)).statusCode).toBe(401);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await attempt(ORGANIZER.password, '10.0.0.2')).statusCode).toBe(401);
    expect((await attempt('mat-khau-moi-2026', '10.0.0.3')).statusCode).toBe(200);
  });

  it('a wrong current password is a 400 naming it, counted as a failed sign-in; a short new one is a 400', async () => {
    const cookie = await login(h.app, HOST);
    const wrong = await change(cookie, { currentPassword: 'khong-dung', newPassword: 'mat-khau-moi-2026' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'PASSWORD_WRONG', path: 'currentPassword' });
    const short = await change(cookie, { currentPassword: HOST.password, newPassword: 'ngan' });
    expect(short.statusCode).toBe(400);
    expect(JSON.stringify(short.json())).toContain('newPassword');
    for (let i = 0; i < 4; i++) await change(cookie, { currentPassword: `sai-${i}`, newPassword: 'mat-khau-moi-2026' });
    expect((await change(cookie, { currentPassword: HOST.password, newPassword: 'mat-khau-moi-2026' })).statusCode).toBe(429);
    expect((await attempt(HOST.password, '10.0.0.4', HOST)).statusCode).toBe(200);
  });

  it('anonymous callers cannot change a password', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: ORGANIZER.password, newPassword: 'mat-khau-moi-2026' },
    });
    expect(res.statusCode).toBe(401);
  });
});
