import { deleteEventsEndedBefore } from './adapters/events.repository.js';
import type { CalendarDeps } from './deps.js';

export interface CleanupOptions {
  retentionDays: number;
  batchSize: number;
  budgetMs: number;
}

/** Deletes events whose last occurrence ended more than `retentionDays` ago, in bounded batches. */
export async function cleanupEvents({ db, now = () => new Date() }: CalendarDeps, options: CleanupOptions) {
  const cutoff = new Date(now().getTime() - options.retentionDays * 86_400_000);
  const started = Date.now();
  let deleted = 0;
  for (;;) {
    const batch = await deleteEventsEndedBefore(db, cutoff, options.batchSize);
    deleted += batch;
    if (batch < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  return { deleted, cutoff: cutoff.toISOString() };
}
