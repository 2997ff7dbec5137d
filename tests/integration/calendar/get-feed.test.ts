import { getDb } from '#platform/db/index';
import { FEED_LIMITS, getFeed } from '../../../functions/calendar/get-feed.js';
import { handler as getFeedHandler } from '../../../functions/calendar/handlers/http/get-feed.js';
import { handler as rotateFeedToken } from '../../../functions/calendar/handlers/http/rotate-feed-token.js';
import { create } from '../../support/calendar-http.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

describe('GET /calendar.ics and POST /me/calendar-token', () => {
  it('serves an ICS feed by token and rotates the token', async () => {
    const user = await createTestUser({ name: 'Feed Owner', timeZone: 'Europe/Berlin' });
    await create(user, {
      title: 'Yoga, weekly',
      startsAt: '2030-01-07T18:00:00+01:00',
      durationMinutes: 60,
      recurrence: 'FREQ=WEEKLY;COUNT=10',
      reminders: [{ minutesBefore: 30 }],
    });
    const first = await callHttp(rotateFeedToken, {
      method: 'POST',
      path: '/me/calendar-token',
      token: user.token,
    });
    expect(first.status).toBe(201);
    expect(first.body.url).toContain(`/calendar.ics?token=${first.body.token}`);

    const feed = await callHttp(getFeedHandler, {
      path: '/calendar.ics',
      query: { token: first.body.token },
    });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.raw).toContain('SUMMARY:Yoga\\, weekly');
    expect(feed.raw).toContain('DTSTART;TZID=Europe/Berlin:20300107T180000');
    expect(feed.raw).toContain('RRULE:FREQ=WEEKLY;COUNT=10');
    expect(feed.raw).toContain('TRIGGER:-PT30M');

    const second = await callHttp(rotateFeedToken, {
      method: 'POST',
      path: '/me/calendar-token',
      token: user.token,
    });
    expect(
      (await callHttp(getFeedHandler, { path: '/calendar.ics', query: { token: first.body.token } })).status,
    ).toBe(404);
    expect(
      (await callHttp(getFeedHandler, { path: '/calendar.ics', query: { token: second.body.token } })).status,
    ).toBe(200);
    expect((await callHttp(getFeedHandler, { path: '/calendar.ics', query: { token: 'nope' } })).status).toBe(
      404,
    );
  });

  it('feeds events reaching into the last year, running and nearest ones first when capped', async () => {
    const user = await createTestUser({ timeZone: 'UTC' });
    const at = (iso: string, title: string, more: object = {}) =>
      create(user, { title, startsAt: iso, durationMinutes: 60, ...more });
    const now = new Date();
    const shift = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
    await at(shift(-800), 'Two years ago');
    await at(shift(-200), 'Half a year ago');
    await at(shift(-3000), 'Daily since long ago', { recurrence: 'FREQ=DAILY' });
    await at(shift(7), 'Next week');
    await at(shift(5000), 'Far future');
    const { token } = (
      await callHttp(rotateFeedToken, { method: 'POST', path: '/me/calendar-token', token: user.token })
    ).body;
    const titles = async (limits = FEED_LIMITS) =>
      [
        ...(await getFeed({ db: await getDb() }, token, 'http://localhost', limits)).matchAll(
          /SUMMARY:(.*)\r\n/g,
        ),
      ]
        .map((match) => match[1])
        .sort();
    expect(await titles()).toEqual(['Daily since long ago', 'Far future', 'Half a year ago', 'Next week']);
    expect(await titles({ ...FEED_LIMITS, events: 3 })).toEqual([
      'Daily since long ago',
      'Half a year ago',
      'Next week',
    ]);
  });

  it("puts the meetings attended among the events by relevance, within the feed's one cap", async () => {
    const user = await createTestUser({ timeZone: 'UTC' });
    const now = new Date();
    await create(user, {
      title: 'Old event',
      startsAt: new Date(now.getTime() - 300 * 86_400_000).toISOString(),
      durationMinutes: 60,
    });
    const { token } = (
      await callHttp(rotateFeedToken, { method: 'POST', path: '/me/calendar-token', token: user.token })
    ).body;
    const startedAt = new Date(now.getTime() - 10 * 60_000);
    // A meeting running now, as the meetings contract gives it (only what the feed reads matters here).
    const running = {
      id: '00000000-0000-4000-8000-0000000000aa',
      ownerId: user.id,
      title: 'Running meeting (Team)',
      description: null,
      startsAt: startedAt,
      durationMinutes: 60,
      timeZone: 'UTC',
      allDay: false,
      recurrence: null,
      reminders: [],
      seriesEndsAt: new Date(startedAt.getTime() + 3_600_000),
      createdAt: startedAt,
      updatedAt: startedAt,
      attendance: { location: null, organizer: { email: 'o@x.test' }, attendees: [], excluded: [] },
    };
    const db = await getDb();
    const feed = (limits: typeof FEED_LIMITS) =>
      getFeed({ db, feedMeetings: async () => [running] }, token, 'http://localhost', limits);
    const summaries = (ics: string) => [...ics.matchAll(/SUMMARY:(.*)\r\n/g)].map((match) => match[1]);
    expect(summaries(await feed(FEED_LIMITS))).toEqual(['Running meeting (Team)', 'Old event']);
    // One entry allowed: the running meeting, not the year-old event (and never both: one cap).
    expect(summaries(await feed({ ...FEED_LIMITS, events: 1 }))).toEqual(['Running meeting (Team)']);
  });
});
