// `npm run bench -- meetings-schedule [--meetings 40] [--reads 200]`
// GET /groups/{id}/schedule through the local runtime: a cache hit (nothing changed since the last read)
// vs a miss (an RSVP bumped the group's schedule version just before; only the GET is timed), with
// GET /groups/{id} (same auth and membership check, no schedule) as the baseline measured in the same run.
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { disposeStack } from '../tests/support/stack.js';
import { benchApi, latencySummary } from './support/api.js';
import { startBenchStack } from './support/closed-loop.js';

const { values } = parseArgs({
  options: { meetings: { type: 'string', default: '40' }, reads: { type: 'string', default: '200' } },
});
const meetingCount = Number(values.meetings);
const reads = Number(values.reads);
const progress = (line: string) => process.stderr.write(`[meetings-schedule] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;

const { stack } = await startBenchStack();
try {
  const api = benchApi(stack.baseUrl);
  const signUp = async (name: string) =>
    (
      await api('POST', '/auth/register', undefined, {
        email: `${name}-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name,
        timeZone: 'Europe/Berlin',
      })
    ).json as { token: string; user: { id: string; email: string } };
  const owner = await signUp('owner');
  const members = await Promise.all(Array.from({ length: 9 }, (_, i) => signUp(`member${i}`)));
  const group = (await api('POST', '/groups', owner.token, { name: 'Bench' })).json;
  for (const member of members)
    await api('POST', `/groups/${group.id}/members`, owner.token, { email: member.user.email });
  const meetingIds: string[] = [];
  for (let i = 0; i < meetingCount; i++) {
    const meeting = await api('POST', `/groups/${group.id}/meetings`, owner.token, {
      title: `Meeting ${i}`,
      startsAt: `2027-01-${String(4 + (i % 5)).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:00:00+01:00`,
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      recurrence: i % 2 === 0 ? 'FREQ=WEEKLY' : 'FREQ=DAILY;COUNT=20',
    });
    meetingIds.push(meeting.json.id);
  }
  progress(`${meetingCount} meetings, 10 members`);
  const schedule = `/groups/${group.id}/schedule?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z`;
  const occurrences = (await api('GET', schedule, owner.token)).json.occurrences.length;

  const baseline: number[] = [];
  const hits: number[] = [];
  const misses: number[] = [];
  for (let i = 0; i < reads; i++) {
    baseline.push((await api('GET', `/groups/${group.id}`, owner.token)).ms);
    hits.push((await api('GET', schedule, owner.token)).ms);
    const member = members[i % members.length]!;
    await api('PUT', `/meetings/${meetingIds[i % meetingIds.length]}/rsvp`, member.token, {
      status: i % 2 ? 'accepted' : 'tentative',
    });
    misses.push((await api('GET', schedule, owner.token)).ms);
  }
  const result = {
    bench: 'meetings-schedule',
    meetings: meetingCount,
    occurrencesPerRead: occurrences,
    baselineGetGroup: latencySummary(baseline),
    cacheHit: latencySummary(hits),
    cacheMiss: latencySummary(misses),
    missOverHitP50: round(latencySummary(misses).p50Ms / latencySummary(hits).p50Ms),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  progress(`failed; runtime output:\n${stack.output().slice(-3000)}`);
  throw error;
} finally {
  await disposeStack(stack);
}
