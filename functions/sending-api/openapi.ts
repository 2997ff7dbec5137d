import type { ApiRoute } from '#platform/http/openapi';
import {
  DeliveryStatsView,
  DeliveryView,
  FaultsBody,
  FaultsView,
  MessageIdParams,
  SendMessageAccepted,
  SendMessageRequest,
} from './schemas.js';

const tag = 'sending-api (simulator)';
const token = 'Bearer SENDING_API_TOKEN (not a user token): 401 SENDING_API.UNAUTHORIZED otherwise.';

export const sendingApiRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/sending-api/v1/send/{messageId}',
    tag,
    summary: 'Send one message (external SMS gateway simulator)',
    description: `${token} Idempotent by messageId: a repeat of an accepted id answers 200 with duplicate=true and delivers nothing again. Faults: down → 503, over maxPerSecond → 429 (Retry-After: 1), errorRate → 500; latencyMs delays the answer after acceptance.`,
    auth: false,
    params: MessageIdParams,
    body: SendMessageRequest,
    responses: { 200: SendMessageAccepted },
    problems: [401, 422, 429, 503],
  },
  {
    method: 'put',
    path: '/sending-api/admin/faults',
    tag,
    summary: 'Set the fault knobs',
    description: `${token} Replaces every knob; an omitted one returns to its default (no fault).`,
    auth: false,
    body: FaultsBody,
    responses: { 200: FaultsView },
    problems: [401],
  },
  {
    method: 'get',
    path: '/sending-api/admin/faults',
    tag,
    summary: 'Read the fault knobs',
    description: token,
    auth: false,
    responses: { 200: FaultsView },
    problems: [401],
  },
  {
    method: 'get',
    path: '/sending-api/admin/messages/{messageId}',
    tag,
    summary: 'Deliveries and requests of one message id',
    description: `${token} deliveries stays 1 however often the id is sent.`,
    auth: false,
    params: MessageIdParams,
    responses: { 200: DeliveryView },
    problems: [401, 404],
  },
  {
    method: 'get',
    path: '/sending-api/admin/stats',
    tag,
    summary: 'Accepted messages, requests and the most deliveries of any id',
    description: token,
    auth: false,
    responses: { 200: DeliveryStatsView },
    problems: [401],
  },
];

/** Stable problem codes of the simulator (functions/sending-api/domain/errors.ts). */
export const sendingApiErrorCodes: Record<string, number> = {
  'SENDING_API.UNAUTHORIZED': 401,
  'SENDING_API.UNAVAILABLE': 503,
  'SENDING_API.RATE_LIMITED': 429,
  'SENDING_API.INTERNAL_ERROR': 500,
  'SENDING_API.ID_MISMATCH': 422,
  'SENDING_API.ID_REUSED': 422,
  'SENDING_API.MESSAGE_NOT_FOUND': 404,
};
