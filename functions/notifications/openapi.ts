import type { ApiRoute } from '#platform/http/openapi';
import { ListNotificationsQuery, NotificationPage } from './schemas.js';

export const notificationRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/notifications',
    tag: 'notifications',
    summary: "The caller's notifications, newest first",
    description: 'Pass `nextCursor` from one page as `cursor` to get the next; it is null on the last page.',
    auth: true,
    query: ListNotificationsQuery,
    responses: { 200: NotificationPage },
  },
];

/** Every stable code this context answers with (domain/errors.ts): none of its own, see there. */
export const notificationErrorCodes: Record<string, number> = {};
