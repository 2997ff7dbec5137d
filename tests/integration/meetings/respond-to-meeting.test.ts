/** RSVP: concurrent answers all recorded with exact counts; occurrences; who may answer; organizer notified. */
import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { listAttendees } from '../../../functions/meetings/list-attendees.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { updateMeeting } from '../../../functions/meetings/update-meeting.js';
import { createTestUser, type TestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

type Setup = Awaited<ReturnType<typeof meetingsTestDeps>>;

async function teamWithWeekly(t: Setup, owner: TestUser, members: TestUser[], attendees?: TestUser[]) {
  const group = await createGroup(t.deps, actor(owner), { name: 'Weekly team' });
  for (const member of members)
    await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
  const meeting = await createMeeting(t.deps, actor(owner), group.id, {
    title: 'Weekly',
    startsAt: '2026-12-07T10:00:00+01:00',
    durationMinutes: 45,
    timeZone: 'Europe/Berlin',
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    attendees: attendees?.map((user) => user.id),
  });
  return { group, meeting };
}

describe('RSVP', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await meetingsTestDeps();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('records every one of many concurrent answers and counts them exactly', async () => {
    const owner = await createTestUser();
    const members = await Promise.all(Array.from({ length: 12 }, () => createTestUser()));
    const { meeting } = await teamWithWeekly(t, owner, members);
    const statuses = ['accepted', 'declined', 'tentative'] as const;

    await Promise.all(
      members.map((member, index) =>
        respondToMeeting(t.deps, actor(member), meeting.id, {
          status: statuses[index % 3] as (typeof statuses)[number],
          comment: `c${index}`,
        }),
      ),
    );

    const result = await listAttendees(t.deps, actor(owner), meeting.id);
    expect(result.counts).toEqual({ needs_action: 0, accepted: 4 + 1, declined: 4, tentative: 4 });
    expect(result.attendees).toHaveLength(13);
    expect(result.attendees.find((a) => a.userId === members[1]?.id)).toMatchObject({
      status: 'declined',
      comment: 'c1',
    });
    // The organizer heard of each answer.
    expect((await t.notifications(owner.id)).filter((n) => n.type === 'meetings.rsvp')).toHaveLength(12);
  });

  it('answers one occurrence over the series answer, and rejects what is not an occurrence', async () => {
    const owner = await createTestUser();
    const member = await createTestUser();
    const { meeting } = await teamWithWeekly(t, owner, [member]);
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted' });
    await respondToMeeting(t.deps, actor(member), meeting.id, {
      status: 'declined',
      comment: 'on holiday',
      occurrence: '2026-12-14T10:00:00+01:00',
    });

    const that = await listAttendees(t.deps, actor(owner), meeting.id, '2026-12-14T09:00:00Z');
    expect(that.attendees.find((a) => a.userId === member.id)).toMatchObject({
      status: 'declined',
      comment: 'on holiday',
    });
    const next = await listAttendees(t.deps, actor(owner), meeting.id, '2026-12-21T09:00:00Z');
    expect(next.attendees.find((a) => a.userId === member.id)?.status).toBe('accepted');

    await expect(
      respondToMeeting(t.deps, actor(member), meeting.id, {
        status: 'accepted',
        occurrence: '2026-12-15T10:00:00+01:00',
      }),
    ).rejects.toMatchObject({ status: 400, extra: { fieldErrors: [{ field: 'occurrence', in: 'body' }] } });
    await expect(
      listAttendees(t.deps, actor(owner), meeting.id, '2026-12-14T09:30:00Z'),
    ).rejects.toMatchObject({
      status: 400,
      extra: { fieldErrors: [{ field: 'occurrence', in: 'query' }] },
    });
  });

  it('tells the organizer once when the same answer comes again, and again when it changes', async () => {
    const owner = await createTestUser();
    const member = await createTestUser();
    const { meeting } = await teamWithWeekly(t, owner, [member]);
    const rsvps = async () =>
      (await t.notifications(owner.id))
        .filter((n) => n.type === 'meetings.rsvp')
        .map((n) => `${n.data.status}/${n.data.occurrence ?? 'series'}`);
    const occurrence = '2026-12-14T10:00:00+01:00';

    // A series answer pressed twice (a bot button, a retried request), then the same comment again.
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted', comment: 'sure' });
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted', comment: 'sure' });
    expect(await rsvps()).toEqual(['accepted/series']);
    // A different comment is a change.
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted' });
    expect(await rsvps()).toHaveLength(2);

    // One occurrence declined twice: told once.
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'declined', occurrence });
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'declined', occurrence });
    expect(await rsvps()).toHaveLength(3);
    // The series answer again replaces that occurrence's answer: a change, told.
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted' });
    expect(await rsvps()).toEqual([
      'accepted/series',
      'accepted/series',
      `declined/${occurrence}`,
      'accepted/series',
    ]);
    const that = await listAttendees(t.deps, actor(owner), meeting.id, '2026-12-14T09:00:00Z');
    expect(that.attendees.find((a) => a.userId === member.id)?.status).toBe('accepted');
  });

  it('refuses an answer from a member who is not invited (404), and attendees who are not members (400)', async () => {
    const owner = await createTestUser();
    const [invited, notInvited, outsider] = await Promise.all([
      createTestUser(),
      createTestUser(),
      createTestUser(),
    ]);
    const { group, meeting } = await teamWithWeekly(t, owner, [invited, notInvited], [invited]);
    await expect(
      respondToMeeting(t.deps, actor(notInvited), meeting.id, { status: 'accepted' }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'MEETINGS.NOT_INVITED',
    });
    await expect(
      createMeeting(t.deps, actor(owner), group.id, {
        title: 'x',
        startsAt: '2026-12-07T10:00:00Z',
        durationMinutes: 30,
        timeZone: 'UTC',
        attendees: [invited.id, outsider.id],
      }),
    ).rejects.toMatchObject({ status: 400, extra: { fieldErrors: [{ field: 'attendees.1' }] } });
  });

  it('resets answers on a change of time, and refuses a stale If-Match version (412)', async () => {
    const owner = await createTestUser();
    const member = await createTestUser();
    const { meeting } = await teamWithWeekly(t, owner, [member]);
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted' });

    const renamed = await updateMeeting(
      t.deps,
      actor(owner),
      meeting.id,
      { title: 'Weekly sync' },
      meeting.version,
    );
    expect(renamed.version).toBe(meeting.version + 1);
    expect((await listAttendees(t.deps, actor(owner), meeting.id)).counts.accepted).toBe(2);
    // A second admin still holding the first version loses.
    await expect(
      updateMeeting(t.deps, actor(owner), meeting.id, { title: 'Other' }, meeting.version),
    ).rejects.toMatchObject({ status: 412, code: 'MEETINGS.VERSION_MISMATCH' });

    await updateMeeting(
      t.deps,
      actor(owner),
      meeting.id,
      { startsAt: '2026-12-07T11:00:00+01:00' },
      renamed.version,
    );
    const after = await listAttendees(t.deps, actor(owner), meeting.id);
    expect(after.counts).toEqual({ needs_action: 1, accepted: 1, declined: 0, tentative: 0 });
    expect((await t.notifications(member.id)).map((n) => n.type)).toEqual([
      'meetings.member_added',
      'meetings.invited',
      'meetings.time_changed',
    ]);
  });
});
