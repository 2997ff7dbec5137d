/** The cached group schedule: hits when nothing changed, and never a stale read after any kind of write. */
import { addMember } from '../../../functions/meetings/add-member.js';
import { cancelMeeting } from '../../../functions/meetings/cancel-meeting.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { computeSchedule, getSchedule } from '../../../functions/meetings/get-schedule.js';
import { removeMember } from '../../../functions/meetings/remove-member.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { updateMeeting } from '../../../functions/meetings/update-meeting.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const range = { from: '2026-12-07T00:00:00Z', to: '2026-12-28T00:00:00Z' };

describe('GET /groups/{id}/schedule', () => {
  it('serves repeated reads from the cache and sees every write at once', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const [ann, bob] = await Promise.all([createTestUser(), createTestUser()]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Cached' });
    await addMember(t.deps, actor(owner), group.id, { email: ann.email, role: 'member' });
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Weekly',
      startsAt: '2026-12-07T10:00:00+01:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY',
    });
    const read = () => getSchedule(t.deps, actor(owner), group.id, range);
    /** The cached answer must always equal a fresh computation from the database. */
    const readFresh = async () => {
      const served = await read();
      expect(served).toEqual(
        await computeSchedule(t.deps, group.id, new Date(range.from), new Date(range.to)),
      );
      return served;
    };

    const first = await readFresh();
    expect(first.occurrences.map((o) => o.start)).toEqual([
      '2026-12-07T10:00:00+01:00',
      '2026-12-14T10:00:00+01:00',
      '2026-12-21T10:00:00+01:00',
    ]);
    expect(first.occurrences[0]?.counts).toEqual({ needs_action: 1, accepted: 1, declined: 0, tentative: 0 });
    expect(t.cacheStats).toEqual({ hits: 0, misses: 1 });
    await readFresh();
    expect(t.cacheStats).toEqual({ hits: 1, misses: 1 });

    // Each kind of write, each followed at once by a read that must not be stale.
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['rsvp', () => respondToMeeting(t.deps, actor(ann), meeting.id, { status: 'accepted' })],
      [
        'rsvp occurrence',
        () =>
          respondToMeeting(t.deps, actor(ann), meeting.id, {
            status: 'declined',
            occurrence: '2026-12-14T09:00:00Z',
          }),
      ],
      ['member added', () => addMember(t.deps, actor(owner), group.id, { email: bob.email, role: 'member' })],
      ['meeting changed', () => updateMeeting(t.deps, actor(owner), meeting.id, { title: 'Weekly sync' })],
      ['member removed', () => removeMember(t.deps, actor(owner), group.id, ann.id)],
      [
        'meeting moved',
        () =>
          updateMeeting(t.deps, actor(owner), meeting.id, {
            startsAt: '2026-12-08T10:00:00+01:00',
            recurrence: 'FREQ=WEEKLY;BYDAY=TU',
          }),
      ],
    ];
    for (const [, write] of writes) {
      await write();
      await readFresh();
    }
    expect(t.cacheStats.misses).toBe(1 + writes.length);
    const last = await readFresh();
    expect(last.occurrences.map((o) => [o.title, o.start])).toEqual([
      ['Weekly sync', '2026-12-08T10:00:00+01:00'],
      ['Weekly sync', '2026-12-15T10:00:00+01:00'],
      ['Weekly sync', '2026-12-22T10:00:00+01:00'],
    ]);

    await cancelMeeting(t.deps, actor(owner), meeting.id);
    expect((await readFresh()).occurrences).toEqual([]);
    await t.dispose();
  });

  it('rejects a range over 62 days naming the field', async () => {
    const { ScheduleQuery } = await import('../../../functions/meetings/schemas.js');
    const result = ScheduleQuery.safeParse({ from: '2026-12-01T00:00:00Z', to: '2027-02-02T00:00:01Z' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
  });
});
