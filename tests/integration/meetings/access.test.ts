/**
 * Access rules over the real HTTP handlers: a non-member gets 404 on every route under a group or a
 * meeting; members read; owner/admin write; no role escalation; the last owner cannot leave.
 */
import { randomUUID } from 'node:crypto';
import { addMember as addMemberUseCase } from '../../../functions/meetings/add-member.js';
import { handler as addMember } from '../../../functions/meetings/handlers/http/add-member.js';
import { handler as cancelMeeting } from '../../../functions/meetings/handlers/http/cancel-meeting.js';
import { handler as createGroup } from '../../../functions/meetings/handlers/http/create-group.js';
import { handler as createMeeting } from '../../../functions/meetings/handlers/http/create-meeting.js';
import { handler as deleteGroup } from '../../../functions/meetings/handlers/http/delete-group.js';
import { handler as findAvailability } from '../../../functions/meetings/handlers/http/find-availability.js';
import { handler as getGroup } from '../../../functions/meetings/handlers/http/get-group.js';
import { handler as getMeeting } from '../../../functions/meetings/handlers/http/get-meeting.js';
import { handler as getSchedule } from '../../../functions/meetings/handlers/http/get-schedule.js';
import { handler as listAttendees } from '../../../functions/meetings/handlers/http/list-attendees.js';
import { handler as listGroups } from '../../../functions/meetings/handlers/http/list-groups.js';
import { handler as listMembers } from '../../../functions/meetings/handlers/http/list-members.js';
import { handler as removeMember } from '../../../functions/meetings/handlers/http/remove-member.js';
import { handler as respond } from '../../../functions/meetings/handlers/http/respond-to-meeting.js';
import { handler as transfer } from '../../../functions/meetings/handlers/http/transfer-ownership.js';
import { handler as updateGroup } from '../../../functions/meetings/handlers/http/update-group.js';
import { handler as updateMeeting } from '../../../functions/meetings/handlers/http/update-meeting.js';
import { handler as updateMember } from '../../../functions/meetings/handlers/http/update-member.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const range = { from: '2026-12-01T00:00:00Z', to: '2026-12-08T00:00:00Z' };

async function groupWithMeeting(owner: TestUser) {
  const group = await callHttp(createGroup, { method: 'POST', token: owner.token, body: { name: 'Team' } });
  expect(group.status).toBe(201);
  const meeting = await callHttp(createMeeting, {
    method: 'POST',
    token: owner.token,
    params: { id: group.body.id },
    body: {
      title: 'Sync',
      startsAt: '2026-12-02T10:00:00+01:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      // Explicit reminders: without them the handler asks identity (over Lambda) for personal defaults.
      reminders: [15],
    },
  });
  expect(meeting.status).toBe(201);
  return { groupId: group.body.id as string, meetingId: meeting.body.id as string };
}

describe('meetings access', () => {
  let owner: TestUser;
  let stranger: TestUser;
  let ids: { groupId: string; meetingId: string };
  beforeAll(async () => {
    [owner, stranger] = await Promise.all([
      createTestUser({ name: 'Owner' }),
      createTestUser({ name: 'Stranger' }),
    ]);
    ids = await groupWithMeeting(owner);
  });

  it('answers 404 to a non-member on every route under a group or meeting', async () => {
    const { groupId, meetingId } = ids;
    const other = randomUUID();
    const calls: Array<[string, Parameters<typeof callHttp>[0], Parameters<typeof callHttp>[1]]> = [
      ['GET /groups/{id}', getGroup, { params: { id: groupId } }],
      ['PATCH /groups/{id}', updateGroup, { method: 'PATCH', params: { id: groupId }, body: { name: 'x' } }],
      ['DELETE /groups/{id}', deleteGroup, { method: 'DELETE', params: { id: groupId } }],
      [
        'POST /groups/{id}/members',
        addMember,
        { method: 'POST', params: { id: groupId }, body: { email: 'a@b.test' } },
      ],
      ['GET /groups/{id}/members', listMembers, { params: { id: groupId } }],
      [
        'PATCH /groups/{id}/members/{userId}',
        updateMember,
        { method: 'PATCH', params: { id: groupId, userId: owner.id }, body: { role: 'admin' } },
      ],
      [
        'DELETE /groups/{id}/members/{userId}',
        removeMember,
        { method: 'DELETE', params: { id: groupId, userId: owner.id } },
      ],
      [
        'POST /groups/{id}/transfer',
        transfer,
        { method: 'POST', params: { id: groupId }, body: { userId: other } },
      ],
      [
        'POST /groups/{id}/meetings',
        createMeeting,
        {
          method: 'POST',
          params: { id: groupId },
          body: { title: 'x', startsAt: '2026-12-02T10:00:00Z', durationMinutes: 30, timeZone: 'UTC' },
        },
      ],
      ['GET /groups/{id}/schedule', getSchedule, { params: { id: groupId }, query: range }],
      [
        'GET /groups/{id}/availability',
        findAvailability,
        { params: { id: groupId }, query: { ...range, durationMinutes: '30' } },
      ],
      ['GET /meetings/{id}', getMeeting, { params: { id: meetingId } }],
      [
        'PATCH /meetings/{id}',
        updateMeeting,
        { method: 'PATCH', params: { id: meetingId }, body: { title: 'x' } },
      ],
      ['DELETE /meetings/{id}', cancelMeeting, { method: 'DELETE', params: { id: meetingId } }],
      [
        'PUT /meetings/{id}/rsvp',
        respond,
        { method: 'PUT', params: { id: meetingId }, body: { status: 'accepted' } },
      ],
      ['GET /meetings/{id}/attendees', listAttendees, { params: { id: meetingId } }],
    ];
    const statuses: Record<string, number> = {};
    for (const [route, handler, input] of calls) {
      statuses[route] = (await callHttp(handler, { ...input, token: stranger.token })).status;
    }
    expect(statuses).toEqual(Object.fromEntries(calls.map(([route]) => [route, 404])));
    // The group and meeting are untouched and still there for their owner.
    expect((await callHttp(getMeeting, { params: { id: meetingId }, token: owner.token })).status).toBe(200);
    const groups = await callHttp(listGroups, { token: stranger.token });
    expect(groups.body.items).toEqual([]);
  });

  it('lets members read but not write; admins cannot make owners; the last owner cannot leave', async () => {
    const { deps, dispose } = await meetingsTestDeps();
    const [member, admin] = await Promise.all([createTestUser(), createTestUser()]);
    const { groupId, meetingId } = await groupWithMeeting(owner);
    await addMemberUseCase(deps, actor(owner), groupId, { email: member.email, role: 'member' });
    await addMemberUseCase(deps, actor(owner), groupId, { email: admin.email, role: 'admin' });

    expect((await callHttp(getGroup, { params: { id: groupId }, token: member.token })).body.myRole).toBe(
      'member',
    );
    expect((await callHttp(getMeeting, { params: { id: meetingId }, token: member.token })).status).toBe(200);
    const write = await callHttp(updateGroup, {
      method: 'PATCH',
      params: { id: groupId },
      body: { name: 'x' },
      token: member.token,
    });
    expect([write.status, write.body.code]).toEqual([403, 'MEETINGS.NOT_ALLOWED']);
    const patchMeeting = await callHttp(updateMeeting, {
      method: 'PATCH',
      params: { id: meetingId },
      body: { title: 'x' },
      token: member.token,
    });
    expect(patchMeeting.status).toBe(403);

    const escalate = await callHttp(updateMember, {
      method: 'PATCH',
      params: { id: groupId, userId: admin.id },
      body: { role: 'owner' },
      token: admin.token,
    });
    expect([escalate.status, escalate.body.code]).toEqual([409, 'MEETINGS.ROLE_ESCALATION']);
    const badRole = await callHttp(updateMember, {
      method: 'PATCH',
      params: { id: groupId, userId: member.id },
      body: { role: 'boss' },
      token: owner.token,
    });
    expect([badRole.status, badRole.body.errors[0].field]).toEqual([400, 'role']);

    const leave = await callHttp(removeMember, {
      method: 'DELETE',
      params: { id: groupId, userId: owner.id },
      token: owner.token,
    });
    expect([leave.status, leave.body.code]).toEqual([409, 'MEETINGS.LAST_OWNER']);
    const stepDown = await callHttp(updateMember, {
      method: 'PATCH',
      params: { id: groupId, userId: owner.id },
      body: { role: 'admin' },
      token: owner.token,
    });
    expect([stepDown.status, stepDown.body.code]).toEqual([409, 'MEETINGS.LAST_OWNER']);

    // Transfer, then the former owner (now admin) may leave; a member leaves by removing themselves.
    expect(
      (
        await callHttp(transfer, {
          method: 'POST',
          params: { id: groupId },
          body: { userId: admin.id },
          token: owner.token,
        })
      ).status,
    ).toBe(200);
    expect((await callHttp(getGroup, { params: { id: groupId }, token: admin.token })).body.myRole).toBe(
      'owner',
    );
    expect(
      (
        await callHttp(removeMember, {
          method: 'DELETE',
          params: { id: groupId, userId: owner.id },
          token: owner.token,
        })
      ).status,
    ).toBe(204);
    expect((await callHttp(getGroup, { params: { id: groupId }, token: owner.token })).status).toBe(404);
    expect(
      (
        await callHttp(removeMember, {
          method: 'DELETE',
          params: { id: groupId, userId: member.id },
          token: member.token,
        })
      ).status,
    ).toBe(204);
    await dispose();
  });
});
