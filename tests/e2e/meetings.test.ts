import { randomUUID } from 'node:crypto';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// The docs/meetings.md walk-through on the real local runtime: HTTP API → PostgreSQL and DynamoDB;
// identity and calendar through serverless-offline's Lambda invoke API; user.registered and
// notifications through SQS and the runtime's poller.
// biome-ignore lint/suspicious/noExplicitAny: response bodies of many shapes, asserted field by field
type Json = Record<string, any>;

describe('meetings on the running stack', () => {
  let stack: Stack;
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    request<Json>(stack.baseUrl, method, path, { token, body });

  async function signUp(
    name: string,
    timeZone: string,
    email = `${name.toLowerCase()}-${randomUUID()}@example.com`,
  ) {
    const response = await call('POST', '/auth/register', undefined, {
      email,
      password: 'correct horse battery staple',
      name,
      timeZone,
    });
    expect(response.status).toBe(201);
    return { id: response.json.user.id as string, token: response.json.token as string, email };
  }

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => disposeStack(stack));

  it('walks through groups, invitations, a meeting, RSVPs, the schedule and find-a-time', async () => {
    const ada = await signUp('Ada', 'Europe/Berlin');
    const bo = await signUp('Bo', 'America/New_York');
    const hours = await call('PATCH', '/me', bo.token, {
      workingHours: { start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] },
    });
    expect(hours.json.workingHours).toEqual({ start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] });

    const group = await call('POST', '/groups', ada.token, {
      name: 'Transatlantic',
      timeZone: 'Europe/Berlin',
    });
    expect(group.status).toBe(201);
    const groupId = group.json.id as string;
    expect(
      (await call('POST', `/groups/${groupId}/members`, ada.token, { email: bo.email })).json.status,
    ).toBe('added');
    const laterEmail = `cy-${randomUUID()}@example.com`;
    expect(
      (await call('POST', `/groups/${groupId}/members`, ada.token, { email: laterEmail, role: 'admin' })).json
        .status,
    ).toBe('invited');
    const cy = await signUp('Cy', 'Asia/Tokyo', laterEmail);
    // identity → user-registered queue → meetings consumer: the invitation attaches.
    await eventually(async () => {
      const group = await call('GET', `/groups/${groupId}`, cy.token);
      return group.status === 200 ? group : undefined;
    }, 'the invitation to attach');

    const meeting = await call('POST', `/groups/${groupId}/meetings`, ada.token, {
      title: 'Planning',
      startsAt: '2027-01-11T16:00:00+01:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    });
    expect(meeting.status).toBe(201);
    const meetingId = meeting.json.id as string;
    const read = await fetch(`${stack.baseUrl}/meetings/${meetingId}`, {
      headers: { authorization: `Bearer ${ada.token}` },
    });
    const etag = read.headers.get('etag') as string;
    expect(etag).toBe('"1"');
    const renamed = await fetch(`${stack.baseUrl}/meetings/${meetingId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ title: 'Weekly planning' }),
    });
    expect(renamed.status).toBe(200);
    const stale = await fetch(`${stack.baseUrl}/meetings/${meetingId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ title: 'Lost update' }),
    });
    expect(stale.status).toBe(412);

    expect(
      (await call('PUT', `/meetings/${meetingId}/rsvp`, bo.token, { status: 'accepted', comment: 'See you' }))
        .status,
    ).toBe(200);
    expect(
      (
        await call('PUT', `/meetings/${meetingId}/rsvp`, cy.token, {
          status: 'declined',
          occurrence: '2027-01-18T16:00:00+01:00',
        })
      ).status,
    ).toBe(200);
    const attendees = await call(
      'GET',
      `/meetings/${meetingId}/attendees?occurrence=2027-01-18T15:00:00Z`,
      ada.token,
    );
    expect(attendees.json.counts).toEqual({ needs_action: 0, accepted: 2, declined: 1, tentative: 0 });

    const schedulePath = `/groups/${groupId}/schedule?from=2027-01-11T00:00:00Z&to=2027-01-25T00:00:00Z`;
    const schedule = await call('GET', schedulePath, bo.token);
    expect(schedule.json.occurrences.map((o: Json) => [o.start, o.counts.accepted])).toEqual([
      ['2027-01-11T16:00:00+01:00', 2],
      ['2027-01-18T16:00:00+01:00', 2],
    ]);
    expect((await call('GET', schedulePath, bo.token)).json).toEqual(schedule.json);

    // Find a time on Tuesday 12 January: Ada 09–18 Berlin (08–17Z), Bo 08–16 New York (13–21Z),
    // Cy (Tokyo, 09–18 local = 00–09Z) left out.
    const slots = await call(
      'GET',
      `/groups/${groupId}/availability?from=2027-01-12T00:00:00Z&to=2027-01-13T00:00:00Z&durationMinutes=60&attendees=${ada.id},${bo.id}`,
      ada.token,
    );
    expect(slots.status).toBe(200);
    expect(slots.json.slots[0]).toEqual({
      start: '2027-01-12T13:00:00.000Z',
      end: '2027-01-12T14:00:00.000Z',
    });
    expect(slots.json.slots.at(-1)).toEqual({
      start: '2027-01-12T16:00:00.000Z',
      end: '2027-01-12T17:00:00.000Z',
    });

    // Attendees see the meeting in their own calendar views and ICS feed (calendar → meetings → identity).
    const bosWeek = await call('GET', '/events/week/2027-01-11?tz=America/New_York', bo.token);
    expect(bosWeek.json.items).toEqual([
      expect.objectContaining({
        kind: 'meeting',
        meetingId,
        startsAt: '2027-01-11T10:00:00-05:00',
        rsvpStatus: 'accepted',
      }),
    ]);
    const cysWeek = await call('GET', '/events/week/2027-01-18?tz=Asia/Tokyo', cy.token);
    expect(cysWeek.json.items).toEqual([]);
    const feedUrl = (await call('POST', '/me/calendar-token', bo.token)).json.url as string;
    const feed = (await (await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, stack.baseUrl))).text()).replace(
      /\r\n[ \t]/g,
      '',
    );
    expect(feed).toContain(`PARTSTAT=ACCEPTED;CN="Bo":mailto:${bo.email}`);
    expect(feed).toContain(`ORGANIZER;CN="Ada":mailto:${ada.email}`);

    expect((await call('DELETE', `/meetings/${meetingId}`, ada.token)).status).toBe(204);
    const stranger = await signUp('Dee', 'UTC');
    expect((await call('GET', `/meetings/${meetingId}`, stranger.token)).status).toBe(404);
    // Notifications went through the outbox, SQS and the storer.
    const types = await eventually(async () => {
      const page = await call('GET', '/notifications', bo.token);
      const found = (page.json.items as Json[]).map((item) => item.type);
      return found.includes('meetings.meeting_cancelled') ? found : undefined;
    }, "Bo's notifications");
    expect(types).toEqual(
      expect.arrayContaining(['meetings.member_added', 'meetings.invited', 'meetings.meeting_cancelled']),
    );
  });

  it('seeds a demo group with a weekly meeting', async () => {
    const login = await call('POST', '/auth/login', undefined, {
      email: 'demo-client@syncore.local',
      password: 'syncore-demo-1234',
    });
    const groups = await call('GET', '/groups', login.json.token);
    expect(groups.json.items).toEqual([
      expect.objectContaining({ name: 'Demo team', myRole: 'owner', memberCount: 2 }),
    ]);
  });
});
