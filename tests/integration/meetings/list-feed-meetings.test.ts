/** Attendees' ICS feeds carry their meetings with ORGANIZER, ATTENDEE;PARTSTAT and their declined occurrences. */
import { contractHandler, invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { feedMeetingsThrough } from '../../../functions/calendar/feed-meetings.js';
import { getFeed } from '../../../functions/calendar/get-feed.js';
import { rotateFeedToken } from '../../../functions/calendar/rotate-feed-token.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { ListFeedMeetings } from '../../../functions/meetings/contract.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { listFeedMeetings } from '../../../functions/meetings/list-feed-meetings.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { directTransport } from '../../support/contracts.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('meetings in the ICS feed', () => {
  it('publishes attended meetings with organizer, attendees, answers and declined occurrences', async () => {
    const t = await meetingsTestDeps();
    const meetings = feedMeetingsThrough(
      invoker(
        directTransport({
          listFeedMeetingsContract: contractHandler(ListFeedMeetings, (input) =>
            listFeedMeetings(t.deps, input),
          ),
        }),
      ),
    );
    const owner = await createTestUser({ name: 'Olga Organizer' });
    const [member, decliner] = await Promise.all([
      createTestUser({ name: 'Max' }),
      createTestUser({ name: 'Dora' }),
    ]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Feeds' });
    await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
    await addMember(t.deps, actor(owner), group.id, { email: decliner.email, role: 'member' });
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Retro',
      startsAt: '2026-12-04T15:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY;BYDAY=FR',
      location: 'Room 7',
    });
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'tentative' });
    await respondToMeeting(t.deps, actor(member), meeting.id, {
      status: 'declined',
      occurrence: '2026-12-11T14:00:00Z',
    });
    await respondToMeeting(t.deps, actor(decliner), meeting.id, { status: 'declined' });

    const db = await getDb();
    const feedOf = async (user: { id: string }) => {
      const { token } = await rotateFeedToken(
        { db },
        { id: user.id, role: 'client' },
        'https://api.example.test',
      );
      return unfold(await getFeed({ db, feedMeetings: meetings }, token, 'https://api.example.test'));
    };
    const feed = await feedOf(member);
    expect(feed).toContain(`UID:${meeting.id}@api.example.test`);
    expect(feed).toContain('SUMMARY:Retro (Feeds)');
    expect(feed).toContain('RRULE:FREQ=WEEKLY;BYDAY=FR');
    expect(feed).toContain('LOCATION:Room 7');
    expect(feed).toContain(`ORGANIZER;CN="Olga Organizer":mailto:${owner.email}`);
    expect(feed).toContain(
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="Olga Organizer":mailto:${owner.email}`,
    );
    expect(feed).toContain(
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=TENTATIVE;CN="Max":mailto:${member.email}`,
    );
    expect(feed).toContain(
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN="Dora":mailto:${decliner.email}`,
    );
    expect(feed).toContain('EXDATE;TZID=Europe/Berlin:20261211T150000');
    // The one who declined the series does not get it in their feed.
    expect(await feedOf(decliner)).not.toContain(meeting.id);
    await t.dispose();
  });
});
