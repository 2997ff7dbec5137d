export type CheckStatus = 'ok' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { status: CheckStatus; latencyMs: number; error?: string }>;
}

/** Runs every probe in parallel with a timeout; one failing probe makes the whole report degraded. */
export async function checkHealth(
  probes: Record<string, () => Promise<unknown>>,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'ok' as const, latencyMs: Date.now() - started }] as const;
      } catch (error) {
        // Only the error's class and message: enough to act on, no connection strings or stacks.
        const reason =
          error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unreachable';
        return [name, { status: 'down' as const, latencyMs: Date.now() - started, error: reason }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, check]) => check.status === 'ok') ? 'ok' : 'degraded', checks };
}
