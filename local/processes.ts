import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or undefined when it is gone (Linux /proc; elsewhere we cannot verify). */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || isZombie(pid)) return true;
    await sleep(50);
  }
  return false;
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Stops a process (a negative pid means its whole process group) with `sig`, then SIGKILL after
 * `graceMs`. Resolves once it is gone.
 */
export async function terminate(pid: number, sig: NodeJS.Signals, graceMs: number): Promise<void> {
  const leader = Math.abs(pid);
  signal(pid, sig);
  if (await waitForExit(leader, graceMs)) {
    if (pid < 0) signal(pid, 'SIGKILL'); // stragglers in the group (esbuild services) must not outlive it
    return;
  }
  signal(pid, 'SIGKILL');
  await waitForExit(leader, 2_000);
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    // Only "in use" counts: a host without IPv6 answers EAFNOSUPPORT/EADDRNOTAVAIL for "::".
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'EADDRINUSE'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Free on IPv4 and IPv6: "localhost" may resolve to either, so a listener on ::1 counts too. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await canListen(port, '0.0.0.0')) && (await canListen(port, '::'));
}

/**
 * A port free right now, for tests that run stacks side by side. Picked at random below the kernel's
 * ephemeral range (Linux 32768–60999, macOS and Windows 49152–65535) rather than asking for port 0:
 * a port the OS hands out for listening comes from that range, which is also where every outgoing
 * connection takes its local port, so between this check and the stack binding it seconds later, a
 * database or HTTP connection of any process could take it (EADDRINUSE, seen in CI).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isPortFree(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}
