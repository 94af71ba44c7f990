/**
 * HOITHI_EDGE_NICE: an edge sharing a machine with its primary yields the CPU to it.
 *
 * - `idle`: Linux's SCHED_IDLE for every thread (chrt), which the workers inherit: the edge runs
 *   only on CPU time no other process wants, and a primary's thread that wakes up takes the CPU
 *   from it at once (under a niceness it may wait for the edge's time slice to end). Its niceness
 *   is set to 19 too, for the autogroup below and in case SCHED_IDLE cannot be had.
 *
 * - The process's niceness, which the workers it forks inherit.
 * - Linux's autogroup scheduling (kernel.sched_autogroup_enabled) first shares the CPU equally
 *   between sessions, and niceness only orders the processes of one session. An edge started in a
 *   session of its own (setsid, a detached spawn, a login shell of its own) would then take as
 *   much CPU as its primary whatever its niceness. When this process leads its session (so the
 *   session's autogroup is this edge and its workers only), the autogroup's nice is set too
 *   (/proc/self/autogroup). Under a service manager that puts each service in a cgroup of its
 *   own, autogroups do not apply: the cgroups' CPU weights do (docs/deploy.md).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value of /proc/<pid>/autogroup ("/autogroup-25 nice 0"), or null. */
export function autogroupNice(text: string): number | null {
  const m = /\bnice\s+(-?\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Whether /proc/<pid>/stat says the process leads its session. */
export function leadsSession(stat: string, pid: number): boolean {
  // After "pid (comm) ": state, ppid, process group, session.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[3]) === pid;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Whether /proc/<pid>/stat says the process runs under SCHED_IDLE (policy 5). */
export function schedIdle(stat: string): boolean {
  // After "pid (comm) ": field 41 of stat is the policy, the 39th after the state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[38]) === 5;
}

export interface Yielded {
  nice: number;
  autogroup: number | null;
  /** SCHED_IDLE asked for (`idle`): whether it is in force, or why not. */
  idle?: true | string;
}

/**
 * `idle`: this process's threads to SCHED_IDLE (see above), and nice 19. Else lowers its priority
 * to `nice` (never raises it: that needs privileges, and whoever started it lower meant it), and
 * its autogroup's when it leads its session. Returns the niceness in force and the autogroup's
 * (null where there is none or it is not this edge's own).
 */
export function yieldCpu(setting: number | 'idle'): Yielded {
  if (setting !== 'idle') return yieldNice(setting);
  return { ...yieldNice(19), idle: toSchedIdle(process.pid) };
}

/** Every thread of process `pid` to SCHED_IDLE (chrt): true once in force, else why not. */
export function toSchedIdle(pid: number): true | string {
  const chrt = spawnSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(pid)], { encoding: 'utf8' });
  const stat = read(`/proc/${pid}/stat`);
  if (stat && schedIdle(stat)) return true;
  return chrt.error?.message ?? (chrt.stderr.trim() || `chrt exited with ${chrt.status}`);
}

function yieldNice(nice: number): Yielded {
  if (nice > getPriority()) setPriority(nice);
  const stat = read('/proc/self/stat');
  const group = read('/proc/self/autogroup');
  let autogroup: number | null = null;
  if (stat && group && read('/proc/sys/kernel/sched_autogroup_enabled')?.trim() === '1' && leadsSession(stat, process.pid)) {
    autogroup = autogroupNice(group);
    if (autogroup !== null && nice > autogroup) {
      try {
        writeFileSync('/proc/self/autogroup', String(nice));
      } catch {
        // Not allowed here: the process's own niceness is all there is.
      }
      autogroup = autogroupNice(read('/proc/self/autogroup') ?? '') ?? autogroup;
    }
  }
  return { nice: getPriority(), autogroup };
}
