import { z } from 'zod';
import { PageQuery } from '#platform/validation/common';

export const ListNotificationsQuery = PageQuery;

export const NotificationView = z.object({
  id: z.string(),
  source: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  channels: z.array(z.string()),
  dueAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});

export const NotificationPage = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
});
