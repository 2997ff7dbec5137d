import { requireMembership } from './access.js';
import { bumpScheduleVersion, countMembers, updateGroup as saveGroup } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { requireManager } from './domain/roles.js';
import type { UpdateGroupInput } from './schemas.js';
import { toGroupView } from './views.js';

/** Owner/admin: name, description, zone. */
export async function updateGroup(
  { db }: Pick<MeetingsDeps, 'db'>,
  actor: Actor,
  groupId: string,
  changes: UpdateGroupInput,
) {
  const { role } = await requireMembership(db, groupId, actor.id);
  requireManager(role, 'change the group');
  return db.transaction().execute(async (trx) => {
    await bumpScheduleVersion(trx, groupId);
    const group = await saveGroup(trx, groupId, changes);
    return toGroupView(group, role, await countMembers(trx, groupId));
  });
}
