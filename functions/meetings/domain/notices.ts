import { DateTime } from 'luxon';
import type { NotificationMessage } from '../../notifications/contract.js';

/**
 * Notifications the meetings context sends. Each id is built from what makes it unique (the change's
 * version, the occurrence), so a resend after a crash is a no-op in the storer.
 */
export function notice(input: {
  recipientId: string;
  type: string;
  key: string;
  title: string;
  body?: string;
  data: Record<string, unknown>;
  at: Date;
}): NotificationMessage {
  return {
    notificationId: `meetings:${input.type}:${input.key}:${input.recipientId}`,
    recipientId: input.recipientId,
    source: 'meetings',
    type: `meetings.${input.type}`,
    title: input.title.slice(0, 300),
    body: input.body,
    data: input.data,
    dueAt: input.at.toISOString(),
    channels: ['in_app'],
  };
}

export const localTime = (instant: Date, timeZone: string) =>
  `${DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('cccc d LLLL yyyy, HH:mm')} (${timeZone})`;
