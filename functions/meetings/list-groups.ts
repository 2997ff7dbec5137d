import { listGroupsOf } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { toGroupView } from './views.js';

/** The caller's groups, with their role and the member count. */
export async function listGroups({ db }: Pick<MeetingsDeps, 'db'>, actor: Actor) {
  const rows = await listGroupsOf(db, actor.id);
  return { items: rows.map((row) => toGroupView(row.group, row.role, row.memberCount)) };
}
