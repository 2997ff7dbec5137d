import { DateTime } from 'luxon';
import { contractHandler } from '#platform/contracts/invoke';
import { findUserTimeZone } from '../../adapters/events.repository.js';
import { ListPeriodForUser } from '../../contract.js';
import { listPeriod } from '../../list-period.js';
import { calendarDeps } from '../../runtime.js';

// The existing listPeriod use case for a user named by the caller: their own events and the meetings
// they attend, each item marked with its kind.
export const handler = contractHandler(ListPeriodForUser, async ({ userId, kind, date }) => {
  const deps = await calendarDeps();
  const timeZone = (await findUserTimeZone(deps.db, userId)) ?? 'UTC';
  const day = date ?? (DateTime.now().setZone(timeZone).toISODate() as string);
  const view = await listPeriod(deps, { id: userId, role: 'client' }, kind, day, timeZone);
  return {
    timeZone: view.timeZone,
    items: view.items.map((item) => ({
      kind: 'kind' in item && item.kind === 'meeting' ? ('meeting' as const) : ('event' as const),
      title: item.title,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      allDay: item.allDay,
    })),
  };
});
