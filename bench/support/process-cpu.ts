// CPU time a process has used so far (Linux /proc), to report CPU per message next to throughput: on a
// shared machine the rate moves with everyone else's load, the CPU a message costs much less.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** User + system CPU seconds of `pid` (and its waited-for children), or undefined where /proc is missing. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Measures the CPU seconds the given processes use between `start()` and `stop()`. */
export function cpuMeter(pids: Record<string, number | undefined>) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return () =>
    Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => {
        const end = cpuSeconds(pid);
        const start = before[name];
        return [
          name,
          end === undefined || start === undefined ? null : Math.round((end - start) * 100) / 100,
        ];
      }),
    ) as Record<string, number | null>;
}

export const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);
