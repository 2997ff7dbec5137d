import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { GroupRole } from '../domain/roles.js';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Group {
  id: string;
  name: string;
  description: string | null;
  timeZone: string;
  scheduleVersion: number;
  createdAt: Date;
}

export interface Membership {
  group: Group;
  role: GroupRole;
}

const groupColumns = [
  'g.id',
  'g.name',
  'g.description',
  'g.time_zone',
  'g.schedule_version',
  'g.created_at',
] as const;

type GroupRow = {
  id: string;
  name: string;
  description: string | null;
  time_zone: string;
  schedule_version: string;
  created_at: Date;
};

const toGroup = (row: GroupRow): Group => ({
  id: row.id,
  name: row.name,
  description: row.description,
  timeZone: row.time_zone,
  scheduleVersion: Number(row.schedule_version),
  createdAt: row.created_at,
});

export async function insertGroup(
  trx: Executor,
  input: { name: string; description?: string; timeZone: string },
): Promise<Group> {
  const row = await trx
    .insertInto('meeting_groups')
    .values({ name: input.name, description: input.description ?? null, time_zone: input.timeZone })
    .returning(['id', 'name', 'description', 'time_zone', 'schedule_version', 'created_at'])
    .executeTakeFirstOrThrow();
  return toGroup(row);
}

/** The caller's membership in the group, or undefined: non-members see no group at all. */
export async function findMembership(
  db: Executor,
  groupId: string,
  userId: string,
): Promise<Membership | undefined> {
  const row = await db
    .selectFrom('meeting_groups as g')
    .innerJoin('meeting_group_members as m', 'm.group_id', 'g.id')
    .select([...groupColumns, 'm.role'])
    .where('g.id', '=', groupId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return row && { group: toGroup(row), role: row.role as GroupRole };
}

/**
 * Locks the group row and bumps its schedule version, in the caller's transaction. Every change to a
 * group's members, meetings or RSVPs does this first: it serialises the checks that need a stable
 * view (last owner, role changes) and makes the cached schedule's key change with the data.
 */
export async function bumpScheduleVersion(trx: Transaction<DB>, groupId: string): Promise<number> {
  const row = await trx
    .updateTable('meeting_groups')
    .set({ schedule_version: sql`schedule_version + 1` })
    .where('id', '=', groupId)
    .returning('schedule_version')
    .executeTakeFirstOrThrow();
  return Number(row.schedule_version);
}

export async function listGroupsOf(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('meeting_groups as g')
    .innerJoin('meeting_group_members as m', 'm.group_id', 'g.id')
    .select([...groupColumns, 'm.role'])
    .select((eb) =>
      eb
        .selectFrom('meeting_group_members as c')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('c.group_id', '=', 'g.id')
        .as('member_count'),
    )
    .where('m.user_id', '=', userId)
    .orderBy('g.created_at')
    .execute();
  return rows.map((row) => ({
    group: toGroup(row),
    role: row.role as GroupRole,
    memberCount: Number(row.member_count),
  }));
}

export async function countMembers(db: Executor, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('meeting_group_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateGroup(
  trx: Executor,
  id: string,
  changes: { name?: string; description?: string | null; timeZone?: string },
): Promise<Group> {
  const row = await trx
    .updateTable('meeting_groups as g')
    .set({
      name: changes.name,
      description: changes.description,
      time_zone: changes.timeZone,
      updated_at: new Date(),
    })
    .where('g.id', '=', id)
    .returning([...groupColumns])
    .executeTakeFirstOrThrow();
  return toGroup(row);
}

export async function deleteGroup(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('meeting_groups').where('id', '=', id).execute();
}

export interface Member {
  userId: string;
  role: GroupRole;
  joinedAt: Date;
}

export async function listMembers(db: Executor, groupId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('meeting_group_members')
    .select(['user_id', 'role', 'joined_at'])
    .where('group_id', '=', groupId)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, role: row.role as GroupRole, joinedAt: row.joined_at }));
}

/** Inserts the member; undefined if they already were one. */
export async function insertMember(
  trx: Executor,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<Member | undefined> {
  const row = await trx
    .insertInto('meeting_group_members')
    .values({ group_id: groupId, user_id: userId, role })
    .onConflict((conflict) => conflict.columns(['group_id', 'user_id']).doNothing())
    .returning(['user_id', 'role', 'joined_at'])
    .executeTakeFirst();
  return row && { userId: row.user_id, role: row.role as GroupRole, joinedAt: row.joined_at };
}

export async function setRole(
  trx: Executor,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<void> {
  await trx
    .updateTable('meeting_group_members')
    .set({ role })
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMember(trx: Executor, groupId: string, userId: string): Promise<void> {
  await trx
    .deleteFrom('meeting_group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

export interface Invitation {
  groupId: string;
  email: string;
  role: GroupRole;
  invitedBy: string;
  createdAt: Date;
}

const toInvitation = (row: {
  group_id: string;
  email: string;
  role: string;
  invited_by: string;
  created_at: Date;
}) => ({
  groupId: row.group_id,
  email: row.email,
  role: row.role as GroupRole,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
});

export async function upsertInvitation(
  trx: Executor,
  input: { groupId: string; email: string; role: GroupRole; invitedBy: string },
): Promise<Invitation> {
  const row = await trx
    .insertInto('meeting_group_invitations')
    .values({ group_id: input.groupId, email: input.email, role: input.role, invited_by: input.invitedBy })
    .onConflict((conflict) => conflict.columns(['group_id', 'email']).doUpdateSet({ role: input.role }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInvitation(row);
}

export async function listInvitations(db: Executor, groupId: string): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('meeting_group_invitations')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('created_at')
    .execute();
  return rows.map(toInvitation);
}

/** Takes (deletes and returns) the pending invitations for an address, locked against a concurrent consumer. */
export async function takeInvitationsFor(trx: Transaction<DB>, email: string): Promise<Invitation[]> {
  const rows = await trx
    .deleteFrom('meeting_group_invitations')
    .where('email', '=', email.toLowerCase())
    .returningAll()
    .execute();
  return rows.map(toInvitation);
}

/** The user's role in the group, or undefined if they are not (or no longer) a member. */
export async function roleOf(db: Executor, groupId: string, userId: string): Promise<GroupRole | undefined> {
  const row = await db
    .selectFrom('meeting_group_members')
    .select('role')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role as GroupRole | undefined;
}

export async function groupName(db: Executor, groupId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('meeting_groups')
    .select('name')
    .where('id', '=', groupId)
    .executeTakeFirst();
  return row?.name;
}
