import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, login, makeApp, ORGANIZER, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(async () => {
  await t.app.close();
});

const me = (cookie?: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} });

describe('login and logout', () => {
  it('signs in with the right password and sets an HttpOnly SameSite cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ORGANIZER });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ account: { email: ORGANIZER.email, role: 'organizer' } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/hoithi_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = `hoithi_session=${res.cookies[0]?.value}`;
    expect((await me(cookie)).json()).toEqual({ account: { email: ORGANIZER.email, role: 'organizer' } });
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `  ${ORGANIZER.email.toUpperCase()} `, password: ORGANIZER.password },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown account alike, with 401 in the caller language', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { ...ORGANIZER, password: 'sai-mat-khau' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { email: 'nobody@hoithi.test', password: 'whatever1' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'BAD_CREDENTIALS', message: 'Email hoặc mật khẩu không đúng' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('Wrong email or password');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('names the field of a malformed login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email', password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', path: 'email' });
  });

  it('logout revokes the session on the server, not only in the browser', async () => {
    const cookie = await login(t.app);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('rotates the session id at login: the id held before login is void afterwards', async () => {
    const first = await login(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ORGANIZER, headers: { cookie: first } });
    const second = `hoithi_session=${res.cookies.find((c) => c.name === 'hoithi_session')?.value}`;
    expect(second).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
  });

  it('a forged cookie is no session', async () => {
    expect((await me('hoithi_session=forged-value')).statusCode).toBe(401);
  });
});

describe('login rate limits', () => {
  it('refuses the address that failed 5 times for an account, even with the right password, while others still sign in', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { ...ORGANIZER, password: `wrong-${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ORGANIZER });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: HOST });
    expect(other.statusCode).toBe(200);
  });

  it('limits login attempts per IP address', async () => {
    await t.app.close();
    t = await makeApp({ loginPerMinutePerIp: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.1.1.1',
        payload: { email: `user${i}@hoithi.test`, password: 'whatever1' },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.1.1.2',
      payload: ORGANIZER,
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('Origin check on writes', () => {
  it('refuses a write whose Origin is another site', async () => {
    const cookie = await login(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'http://evil.example', host: 'hoithi.local:3000' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FOREIGN_ORIGIN');
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('refuses a cross-site fetch without Origin and an opaque "null" origin', async () => {
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: ORGANIZER,
    });
    const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'null' }, payload: ORGANIZER });
    expect(a.statusCode).toBe(403);
    expect(b.statusCode).toBe(403);
  });

  it('accepts its own origin, and programs that send none', async () => {
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://hoithi.local:3000', host: 'hoithi.local:3000' },
      payload: ORGANIZER,
    });
    expect(same.statusCode).toBe(200);
    const none = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ORGANIZER });
    expect(none.statusCode).toBe(200);
  });

  it('lets reads through whatever their origin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'http://evil.example' } });
    expect(res.statusCode).toBe(200);
  });
});
