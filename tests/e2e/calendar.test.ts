import { randomUUID } from 'node:crypto';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// The calendar through the real local runtime: HTTP API → PostgreSQL; scheduler (invoked as the cron
// would) → SQS → the runtime's poller → storer → GET /notifications.
describe('calendar on the running stack', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const registered = await request<{ token: string }>(stack.baseUrl, 'POST', '/auth/register', {
      body: {
        email: `cal-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: 'Cal',
        timeZone: 'Europe/Berlin',
      },
    });
    token = registered.json.token;
  }, 120_000);
  afterAll(() => disposeStack(stack));

  it('creates a recurring event, lists its week, serves it as ICS and delivers its reminder', async () => {
    const startsAt = new Date(Date.now() + 3 * 60_000).toISOString();
    const created = await request<{ id: string }>(stack.baseUrl, 'POST', '/events', {
      token,
      body: {
        title: 'Stand-up',
        startsAt,
        durationMinutes: 15,
        recurrence: 'FREQ=DAILY',
        reminders: [{ minutesBefore: 5 }],
      },
    });
    expect(created.status).toBe(201);

    const week = await request<{ items: Array<{ eventId: string }> }>(
      stack.baseUrl,
      'GET',
      `/events/week/${startsAt.slice(0, 10)}?tz=UTC`,
      { token },
    );
    expect(week.status).toBe(200);
    expect(week.json.items.some((item) => item.eventId === created.json.id)).toBe(true);

    const feedToken = await request<{ url: string }>(stack.baseUrl, 'POST', '/me/calendar-token', { token });
    const feed = await fetch(feedToken.json.url.replace(/^https?:\/\/[^/]+/, stack.baseUrl));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('RRULE:FREQ=DAILY');

    // The schedule fires on the wall-clock minute; invoking it now does not wait for that (if the
    // schedule got there first this run finds nothing due, and the reminder is stored just the same).
    const invoked = await stack.invoke('dispatchReminders', { id: `e2e-${randomUUID()}` });
    expect(invoked.functionError).toBeUndefined();
    const reminder = await eventually(async () => {
      const page = await request<{ items: Array<{ id: string; title: string }> }>(
        stack.baseUrl,
        'GET',
        '/notifications',
        { token },
      );
      return page.json.items.find((item) => item.id.startsWith(`calendar:reminder:${created.json.id}:`));
    }, 'the reminder to be stored');
    expect(reminder.title).toBe('Stand-up starts in 5 minutes');
  });
});
