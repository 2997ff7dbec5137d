import { insertGroup, insertMember } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import type { CreateGroupInput } from './schemas.js';
import { toGroupView } from './views.js';

/** Creates a group; the caller is its owner. */
export async function createGroup({ db }: Pick<MeetingsDeps, 'db'>, actor: Actor, input: CreateGroupInput) {
  return db.transaction().execute(async (trx) => {
    const group = await insertGroup(trx, { ...input, timeZone: input.timeZone ?? 'UTC' });
    await insertMember(trx, group.id, actor.id, 'owner');
    return toGroupView(group, 'owner', 1);
  });
}
