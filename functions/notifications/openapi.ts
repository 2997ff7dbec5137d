import type { ApiRoute } from '#platform/http/openapi';
import {
  ListNotificationsQuery,
  NotificationPageWithDeliveries,
  PreferencesBody,
  PreferencesView,
} from './schemas.js';

export const notificationRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/notifications',
    tag: 'notifications',
    summary: "The caller's notifications, newest first",
    description: 'Pass `nextCursor` from one page as `cursor` to get the next; it is null on the last page.',
    auth: true,
    query: ListNotificationsQuery,
    responses: { 200: NotificationPageWithDeliveries },
  },
  {
    method: 'get',
    path: '/me/notification-preferences',
    tag: 'notifications',
    summary: "The caller's delivery preferences",
    auth: true,
    responses: { 200: PreferencesView },
  },
  {
    method: 'put',
    path: '/me/notification-preferences',
    tag: 'notifications',
    summary: "Channels per notification type and quiet hours (in the caller's zone)",
    description:
      'Deliveries inside quiet hours wait until they end; reminders are exempt. in_app is always kept.',
    auth: true,
    body: PreferencesBody,
    responses: { 200: PreferencesView },
  },
];

/** Every stable code this context answers with: none of its own (an unknown cursor is REQUEST.INVALID). */
export const notificationErrorCodes: Record<string, number> = {};
