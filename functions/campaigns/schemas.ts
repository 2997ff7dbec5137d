import { z } from 'zod';
import { DateTimeWithOffset, PageQuery, TimeZone, Uuid } from '#platform/validation/common';
import { MESSAGE_STATUSES } from './domain/delivery.js';
import { isClockTime, windowIsOrdered } from './domain/send-window.js';

const Phone = z.string().min(3).max(40).meta({ example: '+4915123456789' });
const Tag = z.string().trim().min(1).max(50);
const OperatorCode = z.string().regex(/^\d{1,6}$/, 'Expected the digits of a national destination code.');

export const ClientBody = z.strictObject({
  phone: Phone,
  tag: Tag.nullable().optional(),
  timeZone: TimeZone,
});
export type ClientInput = z.infer<typeof ClientBody>;

export const UpdateClientBody = z.strictObject({
  phone: Phone.optional(),
  tag: Tag.nullable().optional(),
  timeZone: TimeZone.optional(),
});
export type UpdateClientInput = z.infer<typeof UpdateClientBody>;

export const ListClientsQuery = PageQuery.extend({
  tag: Tag.optional(),
  operatorCode: OperatorCode.optional(),
});
export type ListClientsQuery = z.infer<typeof ListClientsQuery>;

export const ClientView = z.object({
  id: z.uuid(),
  phone: z.string().meta({ description: 'E.164' }),
  operatorCode: z.string().meta({ description: 'National destination code, derived from the phone' }),
  tag: z.string().nullable(),
  timeZone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const ClientListView = z.object({ items: z.array(ClientView), nextCursor: z.string().nullable() });

/** Import rows: validated one by one (a bad row is reported, not a 400 for the whole file). */
export const ImportRow = z.strictObject({
  phone: z.string().max(40),
  tag: Tag.nullable().optional(),
  timeZone: TimeZone,
});
export const ImportJsonBody = z.strictObject({ clients: z.array(z.unknown()).max(100_000) });
export const ImportReportView = z.object({
  received: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

const SendWindowSchema = z
  .strictObject({
    start: z.string().refine(isClockTime, 'Expected HH:MM.'),
    end: z.string().refine(isClockTime, 'Expected HH:MM (24:00 allowed).'),
  })
  .refine((window) => !isClockTime(window.start) || !isClockTime(window.end) || windowIsOrdered(window), {
    message: 'end must be after start (windows do not cross midnight).',
    path: ['end'],
  });

const Filter = z.strictObject({
  tags: z.array(Tag).max(50).optional(),
  operatorCodes: z.array(OperatorCode).max(50).optional(),
});

const mailingFields = {
  text: z.string().trim().min(1, 'Text must not be empty.').max(1000),
  startsAt: DateTimeWithOffset,
  endsAt: DateTimeWithOffset,
  filter: Filter.default({}),
  sendWindow: SendWindowSchema.nullable().optional(),
  ratePerSecond: z.number().int().min(1).max(10_000).nullable().optional(),
};

const endsAfterStart = (value: { startsAt?: string; endsAt?: string }) =>
  !value.startsAt || !value.endsAt || Date.parse(value.endsAt) > Date.parse(value.startsAt);

export const CreateMailingBody = z
  .strictObject(mailingFields)
  .refine(endsAfterStart, { message: 'endsAt must be after startsAt.', path: ['endsAt'] });
export type CreateMailingInput = z.infer<typeof CreateMailingBody>;

export const UpdateMailingBody = z.strictObject({
  text: mailingFields.text.optional(),
  startsAt: DateTimeWithOffset.optional(),
  endsAt: DateTimeWithOffset.optional(),
  filter: Filter.optional(),
  sendWindow: SendWindowSchema.nullable().optional(),
  ratePerSecond: mailingFields.ratePerSecond,
});
export type UpdateMailingInput = z.infer<typeof UpdateMailingBody>;

export const MailingView = z.object({
  id: z.uuid(),
  text: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  filter: z.object({ tags: z.array(z.string()), operatorCodes: z.array(z.string()) }),
  sendWindow: z.object({ start: z.string(), end: z.string() }).nullable(),
  ratePerSecond: z.number().int().nullable(),
  status: z.enum(['scheduled', 'running', 'paused', 'cancelled', 'finished']),
  dispatched: z.boolean().meta({ description: 'Every matching client has its message' }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const MailingListView = z.object({ items: z.array(MailingView), nextCursor: z.string().nullable() });

const StatusCounts = z.object(
  Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, z.number().int()])) as Record<
    (typeof MESSAGE_STATUSES)[number],
    z.ZodNumber
  >,
);
export const MailingStatsItem = z.object({
  mailingId: z.uuid(),
  status: MailingView.shape.status,
  total: z.number().int(),
  byStatus: StatusCounts,
});
export const MailingsStatsView = z.object({
  items: z.array(MailingStatsItem),
  nextCursor: z.string().nullable(),
});

export const MessageView = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  phone: z.string(),
  operatorCode: z.string(),
  status: z.enum(MESSAGE_STATUSES as [string, ...string[]]),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
});
export const MailingStatsQuery = PageQuery.extend({
  status: z.enum(MESSAGE_STATUSES as [string, ...string[]]).optional(),
});
export type MailingStatsQuery = z.infer<typeof MailingStatsQuery>;
export const MailingStatsView = MailingStatsItem.extend({
  byOperatorCode: z.record(z.string(), StatusCounts),
  messages: z.object({ items: z.array(MessageView), nextCursor: z.string().nullable() }),
});

export { PageQuery, Uuid };
