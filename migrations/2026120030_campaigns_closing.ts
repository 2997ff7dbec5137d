import { type Kysely, sql } from 'kysely';

/**
 * Campaigns: a mailing that ends or is cancelled accounts for its whole audience. `finished_at` now
 * means "closed": every matching client has a message row and none is open (the dispatcher sets it,
 * in bounded batches, see docs/campaigns.md). This index finds the mailings still to close.
 *
 * Mailings closed before this change without their whole audience (finished or cancelled after their
 * start with `dispatched_at` still null) are reopened, so the dispatcher accounts for the clients that
 * never got a row (as expired or cancelled; nothing is sent).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index campaign_mailings_unclosed_idx on campaign_mailings (ends_at)
    where finished_at is null`.execute(db);
  await sql`update campaign_mailings set finished_at = null
    where dispatched_at is null and status in ('finished', 'cancelled')
      and starts_at <= coalesce(finished_at, updated_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists campaign_mailings_unclosed_idx`.execute(db);
}
