export type CheckStatus = 'ok' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { status: CheckStatus; latencyMs: number }>;
}

/**
 * Runs every probe in parallel with a timeout; one failing probe makes the whole report degraded. The
 * report is public, so it says only what is down; why (which can name hosts, accounts or roles) goes to
 * `onFailure`, i.e. the log.
 */
export async function checkHealth(
  probes: Record<string, () => Promise<unknown>>,
  onFailure: (check: string, error: unknown) => void,
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
        onFailure(name, error);
        return [name, { status: 'down' as const, latencyMs: Date.now() - started }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, check]) => check.status === 'ok') ? 'ok' : 'degraded', checks };
}
