// The week the HTTP benches and the profiler load: a fresh user (zone Europe/Berlin) with 12 events in
// the week of 2026-03-25 and one weekly series that started years ago (as bench/list-week).
import { registerBenchUser } from './api.js';

export const WEEK = '2026-03-25';
export const ZONE = 'Europe/Berlin';

/** A POST /events body far in the future, so the events a write bench inserts never land in the week. */
export const WRITE_BODY = JSON.stringify({
  title: 'Bench write',
  startsAt: '2031-06-02T09:00:00+02:00',
  durationMinutes: 30,
});

export async function seedWeek(baseUrl: string) {
  const json = { 'content-type': 'application/json' };
  const { userId, auth } = await registerBenchUser(baseUrl, ZONE);
  const create = async (event: Record<string, unknown>) => {
    const response = await fetch(`${baseUrl}/events`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: JSON.stringify(event),
    });
    if (response.status !== 201) throw new Error(`seeding the week answered ${response.status}`);
  };
  for (let i = 0; i < 12; i++) {
    await create({
      title: `Meeting ${i}`,
      startsAt: `2026-03-2${3 + (i % 5)}T${String(8 + i).padStart(2, '0')}:00:00+01:00`,
      durationMinutes: 45,
      reminders: [{ minutesBefore: 10 }],
    });
  }
  await create({
    title: 'Weekly review',
    startsAt: '2020-01-06T16:00:00+01:00',
    durationMinutes: 60,
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
  });
  return { userId, auth, json };
}
