/**
 * One client process of the bench's audience (scripts/bench/audience.ts forks it): a process may
 * open only 20,000 files, so 20,000 phones are several of these. It opens its sockets, then, each
 * time the parent arms it, waits until every one of its sockets has had the next scoreboard update
 * and reports when the first and the last had it, on the bench's one clock (common.ts `now`).
 */
import { yieldCpu } from '../../server/lib/priority.js';
import type { AudienceMessage, ChildReport } from './audience.js';
import { now, sleep } from './common.js';
import { openPhone, type Phone } from './phone.js';

// The phones are on other machines: here they take the CPU the servers leave (audience.ts sets it).
yieldCpu(Number(process.env.HOITHI_BENCH_NICE ?? 0));

const sockets = new Set<Phone>();
let waiter: { id: number; left: Set<Phone>; first: number; last: number; seqs: Set<string> } | null = null;
let messages = 0;
let bytes = 0;
let refusedProtocol = 0;

const send = (m: ChildReport) => process.send?.(m);

// Frames are looked at as bytes, never decoded whole: the phones stand in for machines elsewhere,
// and decoding every frame to a string took a fifth of these processes' CPU while the servers
// were being measured.
const UPDATE = Buffer.from('"type":"update"');
const SCOREBOARD = Buffer.from('"scoreboard');
const SEQ = Buffer.from('"seq":');

function isScoreboardUpdate(data: Buffer): boolean {
  return data.includes(UPDATE) && data.includes(SCOREBOARD);
}

/** The digits after the first `"seq":` of a frame, or '?'. */
function seqOf(data: Buffer): string {
  const at = data.indexOf(SEQ);
  if (at < 0) return '?';
  let end = at + SEQ.length;
  while (end < data.length && data[end]! >= 0x30 && data[end]! <= 0x39) end++;
  return end > at + SEQ.length ? data.toString('latin1', at + SEQ.length, end) : '?';
}

function onMessage(phone: Phone, data: Buffer) {
  messages++;
  bytes += data.length;
  const w = waiter;
  if (!w || !w.left.has(phone) || !isScoreboardUpdate(data)) return;
  const t = now();
  w.left.delete(phone);
  w.first = Math.min(w.first, t);
  w.last = Math.max(w.last, t);
  w.seqs.add(seqOf(data));
  settle();
}

/** Reports the armed update once every socket still open has had it. */
function settle() {
  const w = waiter;
  if (!w || w.left.size > 0) return;
  waiter = null;
  send({ type: 'arrived', id: w.id, first: w.first, last: w.last, seqs: [...w.seqs] });
}

/** Opens one socket, trying again (up to 5 times) when the server refuses or drops it before it opens. */
function open(url: string, protocol: string | null, tries = 0): Promise<boolean> {
  return new Promise((resolve) => {
    openPhone(url, protocol, {
      onOpen(phone) {
        if (protocol && phone.protocol !== protocol) refusedProtocol++;
        sockets.add(phone);
        resolve(true);
      },
      onMessage,
      onClose(phone, opened) {
        sockets.delete(phone);
        if (waiter?.left.delete(phone)) settle();
        if (opened) return;
        if (tries >= 5) resolve(false);
        else void sleep(200 * (tries + 1)).then(() => open(url, protocol, tries + 1).then(resolve));
      },
    });
  });
}

process.on('message', (m: AudienceMessage) => {
  if (m.type === 'connect') {
    void (async () => {
      const pending: Promise<boolean>[] = [];
      for (let i = 0; i < m.count; i++) {
        pending.push(open(m.urls[(m.offset + i) % m.urls.length]!, m.protocol));
        if (i % m.batch === m.batch - 1) await sleep(m.pauseMs);
      }
      const opened = (await Promise.all(pending)).filter(Boolean).length;
      send({ type: 'connected', opened, refusedProtocol });
    })();
  } else if (m.type === 'arm') {
    waiter = { id: m.id, left: new Set(sockets), first: Infinity, last: -Infinity, seqs: new Set() };
    send({ type: 'armed', id: m.id, open: sockets.size });
    settle();
  } else if (m.type === 'stats') {
    send({ type: 'stats', open: sockets.size, messages, bytes });
  } else {
    for (const phone of sockets) phone.socket.destroy();
    process.exit(0);
  }
});
// The parent gone (killed, or the bench stopped): nothing left to report to.
process.on('disconnect', () => process.exit(0));
