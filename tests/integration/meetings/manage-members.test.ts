/** Every membership change notifies the person concerned; deleting a group cancels its meetings for attendees. */
import { getDb } from '#platform/db/index';
import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { deleteGroup } from '../../../functions/meetings/delete-group.js';
import { getMeeting } from '../../../functions/meetings/get-meeting.js';
import { listGroups } from '../../../functions/meetings/list-groups.js';
import { removeMember } from '../../../functions/meetings/remove-member.js';
import { transferOwnership } from '../../../functions/meetings/transfer-ownership.js';
import { updateGroup } from '../../../functions/meetings/update-group.js';
import { updateMember } from '../../../functions/meetings/update-member.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

describe('group members', () => {
  it('notifies each membership change to the member concerned', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const [ann, bob] = await Promise.all([createTestUser(), createTestUser()]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Crew', timeZone: 'Europe/Berlin' });
    expect(
      await addMember(t.deps, actor(owner), group.id, { email: ann.email, role: 'member' }),
    ).toMatchObject({
      status: 'added',
      member: { userId: ann.id, role: 'member', email: ann.email },
    });
    await expect(
      addMember(t.deps, actor(owner), group.id, { email: ann.email, role: 'member' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'MEETINGS.ALREADY_MEMBER',
    });
    await addMember(t.deps, actor(owner), group.id, { email: bob.email, role: 'member' });
    await updateMember(t.deps, actor(owner), group.id, ann.id, 'admin');
    await transferOwnership(t.deps, actor(owner), group.id, ann.id);
    await removeMember(t.deps, actor(ann), group.id, bob.id);

    expect((await t.notifications(ann.id)).map((n) => n.type)).toEqual([
      'meetings.member_added',
      'meetings.role_changed',
      'meetings.ownership_transferred',
    ]);
    expect((await t.notifications(bob.id)).map((n) => n.type)).toEqual([
      'meetings.member_added',
      'meetings.member_removed',
    ]);
    const mine = await listGroups(t.deps, actor(owner));
    expect(mine.items).toEqual([expect.objectContaining({ id: group.id, myRole: 'admin', memberCount: 2 })]);
    expect(await updateGroup(t.deps, actor(ann), group.id, { description: 'The crew' })).toMatchObject({
      description: 'The crew',
      myRole: 'owner',
    });
    await t.dispose();
  });

  it('deletes a group (owner only), telling the attendees of its upcoming meetings', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const [admin, member] = await Promise.all([createTestUser(), createTestUser()]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Short-lived' });
    await addMember(t.deps, actor(owner), group.id, { email: admin.email, role: 'admin' });
    await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Kick-off',
      startsAt: '2027-01-11T10:00:00Z',
      durationMinutes: 60,
      timeZone: 'UTC',
    });
    await expect(deleteGroup(t.deps, actor(admin), group.id)).rejects.toMatchObject({ status: 403 });
    await deleteGroup(t.deps, actor(owner), group.id);

    for (const user of [admin, member]) {
      expect((await t.notifications(user.id)).map((n) => n.type)).toContain('meetings.meeting_cancelled');
    }
    await expect(getMeeting(t.deps, actor(owner), meeting.id)).rejects.toMatchObject({ status: 404 });
    const left = await (await getDb())
      .selectFrom('meetings')
      .select('id')
      .where('id', '=', meeting.id)
      .execute();
    expect(left).toEqual([]);
    await t.dispose();
  });
});
