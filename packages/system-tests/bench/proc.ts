/* What the benches read of a process from Linux's /proc. */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number | undefined {
  try {
    // fields after the command name (which may hold spaces), utime and
    // stime are the 12th and 13th, in clock ticks (100 a second on Linux)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined; // exited
  }
}

/** Every PostgreSQL process on the machine (the bench's server only). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(Number)
    .filter(pid => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

/**
 * CPU the backend and PostgreSQL used while `work` ran: where a read's
 * time goes, and what a side costs per request beyond its latency.
 * PostgreSQL's is summed over its processes alive at both ends (the
 * backend's pooled connections among them; one that exits in between,
 * such as an autovacuum worker, is left out).
 */
export async function cpuDuring<T>(
  backendPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; backendCpuMs: number; postgresCpuMs: number }> {
  const before = new Map(postgresPids().map(pid => [pid, cpuMs(pid)]));
  const backendBefore = cpuMs(backendPid) ?? 0;
  const result = await work();
  let postgresCpuMs = 0;
  for (const [pid, start] of before) {
    const end = cpuMs(pid);
    if (start !== undefined && end !== undefined) postgresCpuMs += end - start;
  }
  return {
    result,
    backendCpuMs: (cpuMs(backendPid) ?? backendBefore) - backendBefore,
    postgresCpuMs,
  };
}
