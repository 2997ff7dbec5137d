// `npm run bench -- meetings-availability [--members 20] [--events 500] [--reads 30]`
// Find-a-time for 20 members with 500 calendar events each over a 2-week window, through the local
// runtime (meetings → identity's lookupUsers and calendar's getBusyIntervals over the Lambda invoke API),
// with GET /groups/{id} (same auth and membership check) as the baseline measured in the same run.
// Events are inserted with SQL (setup only). Prints one JSON document on stdout; progress on stderr.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { disposeStack } from '../tests/support/stack.js';
import { benchApi, latencySummary } from './support/api.js';
import { startBenchStack } from './support/closed-loop.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '20' },
    events: { type: 'string', default: '500' },
    reads: { type: 'string', default: '30' },
  },
});
const memberCount = Number(values.members);
const eventsPerMember = Number(values.events);
const reads = Number(values.reads);
const progress = (line: string) => process.stderr.write(`[meetings-availability] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;
// Zones whose working hours overlap (07:00–16:00Z in common): an empty intersection would end the work early.
const ZONES = ['Europe/Berlin', 'Europe/London', 'Europe/Lisbon', 'Europe/Helsinki'];
const FROM = Date.parse('2027-03-22T00:00:00Z'); // the two weeks around Europe's DST change
const TO = FROM + 14 * 86_400_000;

const { stack } = await startBenchStack();
try {
  const api = benchApi(stack.baseUrl);
  const users = await Promise.all(
    Array.from({ length: memberCount }, async (_, i) => {
      const registered = await api('POST', '/auth/register', undefined, {
        email: `m${i}-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: `Member ${i}`,
        timeZone: ZONES[i % ZONES.length],
      });
      return registered.json as { token: string; user: { id: string; email: string } };
    }),
  );
  const owner = users[0]!;
  const group = (await api('POST', '/groups', owner.token, { name: 'Bench' })).json;
  for (const user of users.slice(1))
    await api('POST', `/groups/${group.id}/members`, owner.token, { email: user.user.email });

  const pool = new pg.Pool({ connectionString: (await stack.state()).databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  // Random 15–60 minute events on a 15-minute grid across the window, some of them weekly series.
  await pool.query(
    `insert into calendar_events (owner_id, title, starts_at, duration_minutes, time_zone, recurrence, series_ends_at)
     select u.id, 'Busy', s.start, s.minutes, 'UTC', null, s.start + make_interval(mins => s.minutes)
     from unnest($1::uuid[]) u(id)
     cross join lateral (
       select to_timestamp($2::bigint / 1000 + floor(random() * 1344) * 900) as start, (15 * (1 + floor(random() * 4)))::int as minutes
       -- referencing u makes the subquery run per user (uncorrelated, PostgreSQL would reuse one set)
       from generate_series(1, $3::int) where u.id is not null
     ) s`,
    [users.map((u) => u.user.id), FROM, eventsPerMember],
  );
  await pool.end();
  progress(`${memberCount} members × ${eventsPerMember} events`);

  const availabilityPath = `/groups/${group.id}/availability?from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}&durationMinutes=30&limit=50`;
  const baseline: number[] = [];
  const availability: number[] = [];
  let slots = 0;
  for (let i = 0; i < reads; i++) {
    baseline.push((await api('GET', `/groups/${group.id}`, owner.token)).ms);
    const answer = await api('GET', availabilityPath, owner.token);
    availability.push(answer.ms);
    slots = answer.json.slots.length;
  }
  const result = {
    bench: 'meetings-availability',
    members: memberCount,
    eventsPerMember,
    windowDays: 14,
    slotsFound: slots,
    baselineGetGroup: latencySummary(baseline),
    findATime: latencySummary(availability),
    overBaselineP50: round(latencySummary(availability).p50Ms / latencySummary(baseline).p50Ms),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  progress(`failed; runtime output:\n${stack.output().slice(-3000)}`);
  throw error;
} finally {
  await disposeStack(stack);
}
