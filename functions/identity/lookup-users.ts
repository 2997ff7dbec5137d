import type { Kysely } from 'kysely';
import { Role } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { DEFAULT_WORKING_HOURS, type UserSummary, WorkingHours } from './contract.js';

/**
 * Serves the lookupUsers contract: the profile facts other contexts need, and the role their rules are
 * applied to (booking's contracts act for a user the caller names); never the password.
 */
export async function lookupUsers(
  { db }: { db: Kysely<DB> },
  input: { emails: string[] } | { ids: string[] },
): Promise<{ users: UserSummary[] }> {
  let query = db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'name', 'time_zone', 'working_hours', 'default_reminders']);
  query =
    'emails' in input
      ? query.where(
          'email',
          'in',
          input.emails.map((email) => email.toLowerCase()),
        )
      : query.where('id', 'in', input.ids);
  const rows = await query.execute();
  return {
    users: rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: Role.parse(row.role),
      displayName: row.name,
      timeZone: row.time_zone,
      workingHours: WorkingHours.safeParse(row.working_hours).data ?? DEFAULT_WORKING_HOURS,
      defaultReminders: row.default_reminders,
    })),
  };
}
