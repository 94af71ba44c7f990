/**
 * Fakes of the browser for the unit tests of the web app's client state (outbox, tablet, live
 * client): a storage that outlives the objects using it (a "reload" is a new instance on the same
 * storage), a window and document that dispatch events, a navigator whose onLine the test sets,
 * and WebSockets the test opens, feeds and closes. Time is vitest's fake timers. Never imported by
 * the app.
 */
import { vi } from 'vitest';

export class FakeStorage implements Storage {
  private readonly items = new Map<string, string>();
  /** When set, every write throws as a full or disabled storage does. */
  full = false;

  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  /** The parsed JSON under a key, or null. */
  json<T>(key: string): T | null {
    const raw = this.items.get(key);
    return raw === undefined ? null : (JSON.parse(raw) as T);
  }
}

type Listener = (event: { type: string; code?: number; data?: unknown }) => void;

/** A WebSocket the test drives: `open()`, `send(message)` from the server, `drop(code)`. */
export class FakeWebSocket {
  static readonly instances: FakeWebSocket[] = [];
  static last(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1);
    if (!ws) throw new Error('no socket was opened');
    return ws;
  }

  onopen: Listener | null = null;
  onmessage: Listener | null = null;
  onclose: Listener | null = null;
  onerror: Listener | null = null;
  closedWith: number | null = null;

  constructor(
    readonly url: string,
    /** The subprotocols the client offered. */
    readonly protocols?: string | string[],
  ) {
    FakeWebSocket.instances.push(this);
  }

  close(code = 1005): void {
    this.closedWith = code;
  }

  /** The server accepted the connection. */
  open(): void {
    this.onopen?.({ type: 'open' });
  }

  /** A message from the server. */
  receive(message: unknown): void {
    this.onmessage?.({ type: 'message', data: JSON.stringify(message) });
  }

  /** The connection ended (1006: dropped; 4404: no such contest). */
  drop(code = 1006): void {
    this.closedWith = code;
    this.onclose?.({ type: 'close', code });
  }
}

export interface FakeBrowser {
  storage: FakeStorage;
  window: EventTarget & { localStorage: Storage };
  document: EventTarget & { visibilityState: DocumentVisibilityState };
  navigator: { onLine: boolean };
  /** Fires an event on the fake window ('online', 'offline', 'storage'…). */
  fire(type: string, init?: Record<string, unknown>): void;
}

/**
 * Puts the fakes in place of the browser's globals for one test (undone by `vi.unstubAllGlobals`).
 * Pass the storage of an earlier "page load" to simulate a reload.
 */
/** Stops what a test started (clients, outboxes, tablets) and puts the real browser, timers and mocks back. */
export function uninstallBrowser(started: { stop(): void }[]): void {
  for (const thing of started.splice(0)) thing.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
}

export function installBrowser(storage = new FakeStorage()): FakeBrowser {
  const win = Object.assign(new EventTarget(), { localStorage: storage as Storage });
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const nav = { onLine: true };
  FakeWebSocket.instances.length = 0;
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('navigator', nav);
  vi.stubGlobal('location', { protocol: 'http:', host: 'hoithi.test' });
  vi.stubGlobal('WebSocket', FakeWebSocket);
  return {
    storage,
    window: win,
    document: doc,
    navigator: nav,
    fire(type, init = {}) {
      win.dispatchEvent(Object.assign(new Event(type), init));
    },
  };
}

/** A JSON answer as fetch gives it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
