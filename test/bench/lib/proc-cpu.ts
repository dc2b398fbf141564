import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

/**
 * The fields of a /proc/<pid>/stat text after the ")" of the command name (which may hold
 * spaces), from the state (#3) on: field #n of proc(5) is at index n - 3.
 */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The command (or thread) name of a /proc stat text: between the first "(" and the last ")". */
function commandName(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}

/** utime + stime (#14, #15), or cutime + cstime (#16, #17) of the ended children, in seconds. */
function cpuSecondsOf(fields: readonly string[], children = false): number {
  const at = children ? 13 : 11;
  return (Number(fields[at]) + Number(fields[at + 1])) / TICKS_PER_SECOND;
}

/**
 * Busy CPU seconds of the whole machine so far, every core summed (/proc/stat's first line: user,
 * nice, system, irq, softirq and steal; idle and iowait left out).
 */
export function machineBusySeconds(stat = readFileSync('/proc/stat', 'utf8')): number {
  const line = stat.slice(0, stat.indexOf('\n'));
  const [label, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/);
  if (label !== 'cpu') throw new Error(`unexpected /proc/stat line: ${line}`);
  const ticks = [user, nice, system, irq, softirq, steal].reduce((sum, v) => sum + Number(v), 0);
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds (user+system) and RSS of one process, from /proc/<pid>/stat. */
export function procStat(pid: number): { cpuSeconds: number; rssBytes: number } {
  const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  // rss is #24, in pages.
  return { cpuSeconds: cpuSecondsOf(fields), rssBytes: Number(fields[21]) * PAGE_BYTES };
}

/** CPU seconds (user+system) used so far by each live process whose command name is `comm`. */
export function cpuSecondsByPid(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (commandName(stat) !== comm) continue;
      out.set(Number(pid), cpuSecondsOf(statFields(stat)));
    } catch {
      // The process ended between listing and reading: it no longer counts.
    }
  }
  return out;
}

/**
 * CPU seconds `comm` processes spent between two samples: the delta of those alive at both,
 * plus everything of those born in between. Processes that exited in between are lost, so
 * this is a lower bound (PostgreSQL keeps pooled backends alive, so little is lost).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * CPU seconds used so far by every process whose command line runs `mainClass` (a JVM's comm is
 * just "java"): the Kafka broker is `kafka.Kafka`. 0 when none runs here (a remote broker).
 */
export function cpuSecondsOfMainClass(mainClass: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!args.includes(mainClass)) continue;
      out.set(Number(pid), procStat(Number(pid)).cpuSeconds);
    } catch {
      // The process ended between listing and reading: it no longer counts.
    }
  }
  return out;
}

/** CPU seconds (user+system) of this process's children that have ended and been waited for. */
export function endedChildrenCpuSeconds(): number {
  return cpuSecondsOf(statFields(readFileSync('/proc/self/stat', 'utf8')), true);
}

/**
 * CPU seconds (user+system) used so far by the threads of `pid` whose name starts with one of
 * `prefixes` (the stat file of each /proc/<pid>/task entry). Threads that already ended are not
 * counted (a lower bound: the JVM stops idle compiler threads). 0 when the process is gone.
 */
export function threadCpuSeconds(pid: number, prefixes: readonly string[]): number {
  let total = 0;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = commandName(stat);
      if (prefixes.some((prefix) => name.startsWith(prefix)))
        total += cpuSecondsOf(statFields(stat));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return total;
}
