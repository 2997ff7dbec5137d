import { type Kysely, sql } from 'kysely';

/**
 * Personal default reminders: `users.default_reminders` (set with PATCH /me) apply to meetings created
 * without reminders (`meetings.reminders` null). Such a meeting's reminder rows are per attendee
 * (`recipient_id`); rows without one remind every attendee who has not declined.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column default_reminders integer[]`.execute(db);
  await sql`alter table meetings alter column reminders drop not null, alter column reminders drop default`.execute(
    db,
  );
  await sql`alter table meeting_reminders add column recipient_id uuid references users(id) on delete cascade`.execute(
    db,
  );
  await sql`alter table meeting_reminders drop constraint meeting_reminders_meeting_offset_key`.execute(db);
  await sql`alter table meeting_reminders add constraint meeting_reminders_meeting_offset_recipient_key
    unique nulls not distinct (meeting_id, minutes_before, recipient_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from meeting_reminders where recipient_id is not null`.execute(db);
  await sql`alter table meeting_reminders drop constraint meeting_reminders_meeting_offset_recipient_key`.execute(
    db,
  );
  await sql`alter table meeting_reminders add constraint meeting_reminders_meeting_offset_key unique (meeting_id, minutes_before)`.execute(
    db,
  );
  await sql`alter table meeting_reminders drop column recipient_id`.execute(db);
  await sql`update meetings set reminders = '{15}' where reminders is null`.execute(db);
  await sql`alter table meetings alter column reminders set default '{}', alter column reminders set not null`.execute(
    db,
  );
  await sql`alter table users drop column default_reminders`.execute(db);
}
