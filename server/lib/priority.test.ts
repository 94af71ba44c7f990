/** Reading what an edge's yielding needs from /proc (server/lib/priority.ts). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { autogroupNice, leadsSession, schedIdle } from './priority.js';

it('reads the autogroup’s nice', () => {
  expect(autogroupNice('/autogroup-2970 nice 0\n')).toBe(0);
  expect(autogroupNice('/autogroup-12 nice 10\n')).toBe(10);
  expect(autogroupNice('/autogroup-12 nice -5\n')).toBe(-5);
  expect(autogroupNice('')).toBeNull();
});

it('tells a session leader from a process of another session, whatever its name', () => {
  // pid (comm) state ppid pgrp session …
  expect(leadsSession('4242 (node) S 1 4242 4242 0 -1 4194560 …', 4242)).toBe(true);
  expect(leadsSession('4243 (node) S 4242 4242 4242 0 -1 4194560 …', 4243)).toBe(false);
  expect(leadsSession('77 (a) b (c)) R 1 77 77 0', 77)).toBe(true);
});

it('reads SCHED_IDLE from the policy field of /proc/<pid>/stat', () => {
  // Fields 3 to 52 after "pid (comm) ": the policy is field 41.
  const stat = (policy: number) =>
    `99 (node (x)) S ${Array.from({ length: 49 }, (_, i) => (i === 38 - 1 ? String(policy) : '0')).join(' ')}`;
  expect(schedIdle(stat(5))).toBe(true);
  expect(schedIdle(stat(0))).toBe(false);
  expect(schedIdle(stat(3))).toBe(false);
  expect(schedIdle(readFileSync('/proc/self/stat', 'utf8'))).toBe(false);
});
