/** The calendar's HTTP handlers called as API Gateway would, for the integration tests of each operation. */
import { handler as createEvent } from '../../functions/calendar/handlers/http/create-event.js';
import { handler as deleteEvent } from '../../functions/calendar/handlers/http/delete-event.js';
import { handler as getEvent } from '../../functions/calendar/handlers/http/get-event.js';
import type { handler as listWeek } from '../../functions/calendar/handlers/http/list-week.js';
import { handler as updateEvent } from '../../functions/calendar/handlers/http/update-event.js';
import { callHttp, type HttpEventInput } from './http-event.js';
import type { TestUser } from './users.js';

export const create = (user: TestUser, body: unknown) =>
  callHttp(createEvent, { method: 'POST', path: '/events', token: user.token, body });
export const get = (user: TestUser, id: string) =>
  callHttp(getEvent, { path: `/events/${id}`, token: user.token, params: { id } });
export const patch = (user: TestUser, id: string, body: unknown) =>
  callHttp(updateEvent, { method: 'PATCH', path: `/events/${id}`, token: user.token, params: { id }, body });
export const remove = (user: TestUser, id: string) =>
  callHttp(deleteEvent, { method: 'DELETE', path: `/events/${id}`, token: user.token, params: { id } });
export const list = (
  handler: typeof listWeek,
  kind: string,
  user: TestUser,
  date: string,
  query?: HttpEventInput['query'],
) => callHttp(handler, { path: `/events/${kind}/${date}`, token: user.token, params: { date }, query });
