// A tiny JSON client for benches that drive the local runtime: bearer token, JSON body, the elapsed time
// of each call, and an error (with the problem body) for any 4xx/5xx.
import { randomUUID } from 'node:crypto';

/**
 * Signs up a new user through the API (`timeZone` left to the API's default unless given): its id, its
 * token and the bearer header. Benches take a fresh one where a user's own data would skew what they
 * measure.
 */
export async function registerBenchUser(baseUrl: string, timeZone?: string) {
  const response = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomUUID()}@example.com`,
      password: 'correct horse battery staple',
      name: 'Bench',
      ...(timeZone ? { timeZone } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`registering a bench user answered ${response.status}`);
  const { token, user } = (await response.json()) as { token: string; user: { id: string } };
  return { userId: user.id, token, auth: { authorization: `Bearer ${token}` } };
}

export function benchApi(baseUrl: string) {
  return async (method: string, path: string, token?: string, body?: unknown) => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: bench responses are read field by field
    const json = (await response.json().catch(() => undefined)) as Record<string, any>;
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return { json, ms: performance.now() - started };
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Latency summary of a list of samples in milliseconds. */
export function latencySummary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    n: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
