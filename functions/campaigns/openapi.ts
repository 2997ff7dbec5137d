import { z } from 'zod';
import type { ApiRoute } from '#platform/http/openapi';
import { IdParams, PageQuery } from '#platform/validation/common';
import {
  ClientBody,
  ClientListView,
  ClientView,
  CreateMailingBody,
  ImportReportView,
  ListClientsQuery,
  MailingListView,
  MailingStatsQuery,
  MailingStatsView,
  MailingsStatsView,
  MailingView,
  UpdateClientBody,
  UpdateMailingBody,
} from './schemas.js';

const tag = 'campaigns';
const mine = "Only the caller's own; someone else's id answers 404 (CAMPAIGNS.*_NOT_FOUND).";

const ImportBodyDoc = z
  .object({
    clients: z.array(
      z.object({ phone: z.string(), tag: z.string().nullable().optional(), timeZone: z.string() }),
    ),
  })
  .meta({
    description:
      'application/json as shown, or text/csv with the header line `phone,tag,timeZone`. Up to 100,000 rows.',
  });

const control = (verb: 'pause' | 'resume' | 'cancel', summary: string, description: string): ApiRoute => ({
  method: 'post',
  path: `/mailings/{id}/${verb}`,
  tag,
  summary,
  description: `${description} ${mine} 409 CAMPAIGNS.MAILING_STATE when the mailing's status does not allow it.`,
  auth: true,
  params: IdParams,
  responses: { 200: MailingView },
  problems: [404, 409],
});

export const campaignRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/campaign-clients',
    tag,
    summary: 'Add a client to your audience',
    description:
      'The phone (international format) is validated and stored in E.164; its operator code (national destination code) is derived. A phone is unique in your audience (409 CAMPAIGNS.PHONE_TAKEN).',
    auth: true,
    body: ClientBody,
    responses: { 201: ClientView },
    problems: [409],
  },
  {
    method: 'get',
    path: '/campaign-clients',
    tag,
    summary: 'Your clients, filtered by tag and operator code',
    auth: true,
    query: ListClientsQuery,
    responses: { 200: ClientListView },
  },
  {
    method: 'post',
    path: '/campaign-clients/import',
    tag,
    summary: 'Bulk import clients (CSV or JSON), idempotent by phone',
    description:
      'Creates new phones, updates known ones, reports invalid rows with their line and reason. All valid rows are written in one transaction. This route accepts bodies up to 6,000,000 bytes (not HTTP_MAX_BODY_BYTES; 413 above): 100,000 typical rows; split bigger files into several imports.',
    auth: true,
    body: ImportBodyDoc,
    responses: { 200: ImportReportView },
  },
  {
    method: 'get',
    path: '/campaign-clients/{id}',
    tag,
    summary: 'One client',
    description: mine,
    auth: true,
    params: IdParams,
    responses: { 200: ClientView },
    problems: [404],
  },
  {
    method: 'patch',
    path: '/campaign-clients/{id}',
    tag,
    summary: 'Change a client',
    description: mine,
    auth: true,
    params: IdParams,
    body: UpdateClientBody,
    responses: { 200: ClientView },
    problems: [404, 409],
  },
  {
    method: 'delete',
    path: '/campaign-clients/{id}',
    tag,
    summary: 'Delete a client',
    description: `Messages not yet sent to it are cancelled. ${mine}`,
    auth: true,
    params: IdParams,
    responses: { 204: null },
    problems: [404],
  },
  {
    method: 'post',
    path: '/mailings',
    tag,
    summary: 'Create a mailing',
    description:
      "Sent to every client of yours matching the filter (tags OR-ed, operator codes OR-ed, both AND-ed; empty = everyone) between startsAt and endsAt, only inside sendWindow in each recipient's zone, at most ratePerSecond. One already started is dispatched at once.",
    auth: true,
    body: CreateMailingBody,
    responses: { 201: MailingView },
  },
  {
    method: 'get',
    path: '/mailings',
    tag,
    summary: 'Your mailings',
    auth: true,
    query: PageQuery,
    responses: { 200: MailingListView },
  },
  {
    method: 'get',
    path: '/mailings/stats',
    tag,
    summary: 'Message counts by status for each of your mailings',
    description: 'Read from per-mailing counters kept in the same transaction as every status change.',
    auth: true,
    query: PageQuery,
    responses: { 200: MailingsStatsView },
  },
  {
    method: 'get',
    path: '/mailings/{id}',
    tag,
    summary: 'One mailing',
    description: mine,
    auth: true,
    params: IdParams,
    responses: { 200: MailingView },
    problems: [404],
  },
  {
    method: 'patch',
    path: '/mailings/{id}',
    tag,
    summary: 'Change a mailing before its start',
    description: `409 CAMPAIGNS.MAILING_STARTED once it has started. ${mine}`,
    auth: true,
    params: IdParams,
    body: UpdateMailingBody,
    responses: { 200: MailingView },
    problems: [404, 409],
  },
  control('pause', 'Pause a mailing', 'Messages not yet sent wait (stay pending) until resume.'),
  control('resume', 'Resume a paused mailing', 'Pending messages are queued again.'),
  control('cancel', 'Cancel a mailing', 'Messages not yet sent become cancelled; nothing more is sent.'),
  {
    method: 'get',
    path: '/mailings/{id}/stats',
    tag,
    summary: 'Counts by status and by operator code, and the messages (cursor)',
    description: mine,
    auth: true,
    params: IdParams,
    query: MailingStatsQuery,
    responses: { 200: MailingStatsView },
    problems: [404],
  },
];

/** Stable problem codes of this context (functions/campaigns/domain/errors.ts), shown in the API docs. */
export const campaignErrorCodes: Record<string, number> = {
  'CAMPAIGNS.CLIENT_NOT_FOUND': 404,
  'CAMPAIGNS.MAILING_NOT_FOUND': 404,
  'CAMPAIGNS.PHONE_TAKEN': 409,
  'CAMPAIGNS.MAILING_STARTED': 409,
  'CAMPAIGNS.MAILING_STATE': 409,
};
