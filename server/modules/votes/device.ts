/**
 * Device ids for audience voting, issued and signed by the server (scoring.md §7 "Votes that cannot
 * be bought"). A phone's cookie is `<id>.<mac>`, where mac is HMAC-SHA256 of the id under a secret
 * kept per install; a made-up or unsigned cookie is no device at all. New ids are issued at most
 * `perMinute` times a minute per client address, so one address cannot mint votes; with Redis,
 * counted once for all processes (SharedWindow).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from '../../lib/password.js';
import { SlidingWindow, type SharedWindow } from '../../lib/throttle.js';

export const SECRET_FILE = 'device-secret.key';

/**
 * The install's secret, from `<dataDir>/device-secret.key`: created (32 random bytes, hex, mode
 * 0600) on first start, read on every start after.
 */
export function loadInstallSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRET_FILE);
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/i.test(hex))
    throw new Error(`${file}: not a device secret (64+ hex digits); delete it to make a new one`);
  try {
    chmodSync(file, 0o600);
  } catch {
    // Read-only data folders still work.
  }
  return Buffer.from(hex, 'hex');
}

/**
 * An edge's copy of the primary's secret, so that a device signed by one process is known to all:
 * `given` (HOITHI_DEVICE_SECRET, the hex text of the primary's device-secret.key, read by
 * server/config.ts), else that file copied into the edge's data folder; null with neither (an
 * edge never makes one of its own).
 */
export function sharedDeviceSecret(given: string | undefined, dataDir: string): Buffer | null {
  let hex = given?.trim();
  if (!hex) {
    try {
      hex = readFileSync(join(dataDir, SECRET_FILE), 'utf8').trim();
    } catch {
      return null;
    }
  }
  if (!/^[0-9a-f]{64,}$/i.test(hex)) throw new Error('HOITHI_DEVICE_SECRET: not a device secret (64+ hex digits)');
  return Buffer.from(hex, 'hex');
}

const MINUTE = 60_000;

export class DeviceIds {
  private readonly issued: SlidingWindow;
  constructor(
    private readonly secret: Buffer,
    readonly perMinute = 20,
    now: () => number = Date.now,
    private readonly shared?: SharedWindow,
  ) {
    this.issued = new SlidingWindow(perMinute, MINUTE, now);
  }

  private mac(id: string): Buffer {
    return createHmac('sha256', this.secret).update(`hoithi-device:${id}`).digest();
  }

  /** The device id a cookie carries, or null when it is absent, malformed or not signed by this install. */
  verify(cookie: string | undefined): string | null {
    if (!cookie) return null;
    const m = /^([A-Za-z0-9_-]{20,64})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
    if (!m) return null;
    const given = Buffer.from(m[2]!, 'base64url');
    const want = this.mac(m[1]!);
    return given.length === want.length && timingSafeEqual(given, want) ? m[1]! : null;
  }

  /** Seconds until `address` may be given a new id, 0 when it may now. */
  async retryAfter(address: string): Promise<number> {
    if (this.shared) {
      try {
        return await this.shared.wait(address, this.perMinute, MINUTE);
      } catch {
        // Redis is away: this process's own count.
      }
    }
    return this.issued.retryAfter(address);
  }

  /** Counts a new id for `address`; false when the address had its share this minute. */
  private async take(address: string): Promise<boolean> {
    if (this.shared) {
      try {
        return (await this.shared.take(address, this.perMinute, MINUTE)) === 0;
      } catch {
        // Redis is away: this process's own count.
      }
    }
    if (this.issued.retryAfter(address) > 0) return false;
    this.issued.hit(address);
    return true;
  }

  /** A new signed id for a device at `address`, or null when the address had its share this minute. */
  async issue(address: string): Promise<{ id: string; cookie: string } | null> {
    if (!(await this.take(address))) return null;
    const id = randomToken();
    return { id, cookie: `${id}.${this.mac(id).toString('base64url')}` };
  }
}

/** What the database keeps of a device: the hash of its id. */
export const hashDevice = (id: string) => createHash('sha256').update(`hoithi-device:${id}`).digest('hex');
