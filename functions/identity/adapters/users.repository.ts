import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Role } from '#platform/auth/tokens';
import type { DB, Users } from '#platform/db/schema';
import type { WorkingHours } from '../contract.js';
import type { User } from '../domain/user.js';

type Executor = Kysely<DB> | Transaction<DB>;

const toUser = (row: Selectable<Users>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  timeZone: row.time_zone,
  workingHours: row.working_hours as WorkingHours | null,
  defaultReminders: row.default_reminders,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** Inserts the user, or returns undefined if the email is taken (the unique index decides, atomically). */
export async function insertUser(
  db: Executor,
  user: { email: string; passwordHash: string; name: string; role: Role; timeZone: string },
): Promise<User | undefined> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      password_hash: user.passwordHash,
      name: user.name,
      role: user.role,
      time_zone: user.timeZone,
    })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toUser(row);
}

export async function updateUser(
  db: Executor,
  id: string,
  changes: { name?: string; timeZone?: string; workingHours?: WorkingHours; defaultReminders?: number[] },
): Promise<User | undefined> {
  const row = await db
    .updateTable('users')
    .set({
      name: changes.name,
      time_zone: changes.timeZone,
      working_hours: changes.workingHours && JSON.stringify(changes.workingHours),
      default_reminders: changes.defaultReminders,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toUser(row);
}
