import type { Kysely } from 'kysely';

/**
 * Campaigns: how many times a mailing was resumed. A resume puts every open message back on the queue
 * and starts a fresh rate-slot sequence; each queue message carries the count it was queued under, so
 * the sender drops the ones queued before the last resume instead of letting them spend a second send
 * slot for the same message (docs/campaigns.md, Pause / resume).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('campaign_mailings')
    .addColumn('resume_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('campaign_mailings').dropColumn('resume_count').execute();
}
