import { requireMembership } from './access.js';
import { countMembers } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { toGroupView } from './views.js';

export async function getGroup({ db }: Pick<MeetingsDeps, 'db'>, actor: Actor, groupId: string) {
  const { group, role } = await requireMembership(db, groupId, actor.id);
  return toGroupView(group, role, await countMembers(db, groupId));
}
