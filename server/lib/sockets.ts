/**
 * Caps on live sockets and connections, so that a flood from one phone (or many) on the venue
 * Wi-Fi cannot use up the process's file descriptors: judges, staff and plain HTTP keep a reserve.
 *
 * - Live sockets: per address (default 1,000) and in total (the soft RLIMIT_NOFILE minus a
 *   reserve); public sockets stop `staffReserve` short of the total, so staff, judges and teams
 *   (authenticated sockets) always find a place. Authenticated sockets do not count against
 *   their address: a whole venue may share one address behind NAT.
 * - TCP connections (any request): per address, the live cap plus room for HTTP; in total, the
 *   soft limit minus a small reserve for the database and files (`server.maxConnections`).
 *
 * On edges (issue #14) an address's public sockets are also counted across every process sharing
 * the Redis (`share`, server/lib/redis/sockets.ts): the per-address cap is one for all of them.
 * The total, the staff's reserve and the TCP caps stay this process's own: they guard its
 * descriptors.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface SocketLimits {
  /** Live sockets of one address (authenticated ones excepted). */
  perAddress: number;
  /** Live sockets in all; public ones are refused `staffReserve` short of it. */
  total: number;
  staffReserve: number;
}

/** File descriptors kept out of the live sockets' share: database, uploads, HTTP. */
export const FD_RESERVE = 256;
/** File descriptors never handed to a connection: database, files, logs. */
export const FD_HARD_RESERVE = 64;
/** TCP connections an address may hold beyond its live sockets, for plain HTTP. */
export const HTTP_ROOM_PER_ADDRESS = 100;

/** The process's open-file limits (Linux: /proc/self/limits); undefined where unknown. */
export function openFileLimits(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(line);
    if (!m) return undefined;
    const n = (s: string) => (s === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(s));
    return { soft: n(m[1]!), hard: n(m[2]!) };
  } catch {
    return undefined;
  }
}

/**
 * Raises the soft open-file limit to the hard one when it is lower. Node itself does so at start on
 * most POSIX systems, but has no setrlimit to call: when the soft limit is still low, prlimit(1)
 * (util-linux) is asked to raise it for this process; without it the limit stays and the caps
 * follow it. Returns the limits in force afterwards.
 */
export function raiseOpenFileLimit(): { soft: number; hard: number; raised: boolean } | undefined {
  const before = openFileLimits();
  if (!before || before.soft >= before.hard) return before && { ...before, raised: false };
  const target = Math.min(before.hard, 1 << 20);
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${target}:${before.hard}`], {
      stdio: 'ignore',
      timeout: 2000,
    });
  } catch {
    return { ...before, raised: false };
  }
  const after = openFileLimits() ?? before;
  return { ...after, raised: after.soft > before.soft };
}

/** The default caps: 1,000 per address; in total, what the file descriptors allow. */
export function defaultSocketLimits(limits = openFileLimits(), env: Partial<SocketLimits> = {}): SocketLimits {
  const fdCap = limits ? Math.max(64, Math.min(limits.soft, 1 << 20) - FD_RESERVE) : 4000;
  const total = Math.min(env.total ?? fdCap, fdCap);
  return {
    perAddress: env.perAddress ?? 1000,
    total,
    staffReserve: env.staffReserve ?? Math.max(1, Math.min(200, Math.floor(total / 10))),
  };
}

/** "::ffff:10.0.0.5" and "10.0.0.5" are one address. */
export const addressOf = (ip: string | undefined) => (ip ?? '?').replace(/^::ffff:/, '');

export type Refusal = 'address' | 'total';

/** An address's public live sockets counted across several processes (server/lib/redis/sockets.ts). */
export interface SharedSocketCount {
  /**
   * Takes a place for one more public socket of `address` among the `cap` all processes share:
   * false when they hold them all; true when taken, and when the shared count cannot be asked
   * (then this process's own cap is the only one). Waits one round trip at most.
   */
  take(address: string, cap: number): Promise<boolean>;
  /** Gives back a place taken. */
  give(address: string): void;
  close(): Promise<void>;
}

/**
 * The connection a live socket comes on: its place is given back when that closes. A connection
 * closes once, so its listeners are plain `on` ones: `once` would wrap each in two more objects,
 * kept as long as the socket lives.
 */
export interface SocketConnection {
  readonly closed?: boolean;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** Counts live sockets by address and kind; `admit` takes a place or names the cap that refuses it. */
export class SocketGuard {
  private readonly byAddress = new Map<string, number>();
  private open = 0;
  private trusted = 0;
  private shared: SharedSocketCount | null = null;

  constructor(readonly limits: SocketLimits) {}

  /** Counts each address's public sockets with other processes' too, against one cap (edges). */
  share(count: SharedSocketCount): void {
    this.shared = count;
  }

  /**
   * Takes a place for a live socket coming on `connection` and gives it back when the connection
   * closes, however it ends; or names the cap that refuses it. A public socket also takes its place
   * in the shared count when there is one (one round trip).
   */
  async enter(address: string, authenticated: boolean, connection: SocketConnection): Promise<Refusal | null> {
    const refused = this.admit(address, authenticated);
    if (refused) return refused;
    const shared = authenticated ? null : this.shared;
    if (shared) {
      let closed = false;
      const early = () => (closed = true);
      connection.on('close', early);
      const taken = await shared.take(address, this.limits.perAddress);
      connection.off('close', early);
      if (!taken) {
        this.leave(address, false);
        return 'address';
      }
      if (closed) {
        this.release(address, false);
        return null;
      }
    }
    if (connection.closed) this.release(address, authenticated);
    else connection.on('close', () => this.release(address, authenticated));
    return null;
  }

  admit(address: string, authenticated: boolean): Refusal | null {
    if (authenticated) {
      if (this.open >= this.limits.total) return 'total';
      this.open++;
      this.trusted++;
      return null;
    }
    const mine = this.byAddress.get(address) ?? 0;
    if (mine >= this.limits.perAddress) return 'address';
    if (this.open >= this.limits.total - this.limits.staffReserve) return 'total';
    this.byAddress.set(address, mine + 1);
    this.open++;
    return null;
  }

  release(address: string, authenticated: boolean): void {
    this.leave(address, authenticated);
    if (!authenticated) this.shared?.give(address);
  }

  /** This process's public sockets by address, as the shared count mirrors them. */
  counts(): IterableIterator<[string, number]> {
    return this.byAddress.entries();
  }

  private leave(address: string, authenticated: boolean): void {
    this.open--;
    if (authenticated) {
      this.trusted--;
      return;
    }
    const left = (this.byAddress.get(address) ?? 1) - 1;
    if (left > 0) this.byAddress.set(address, left);
    else this.byAddress.delete(address);
  }

  stats(): { sockets: number; authenticated: number; addresses: number } {
    return { sockets: this.open, authenticated: this.trusted, addresses: this.byAddress.size };
  }

  /** Live sockets of one address (public ones). */
  of(address: string): number {
    return this.byAddress.get(address) ?? 0;
  }
}
