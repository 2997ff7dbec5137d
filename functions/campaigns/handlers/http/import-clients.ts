import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { importClients } from '../../import-clients.js';

/**
 * This route's body limit, instead of the global HTTP_MAX_BODY_BYTES (100 KiB, ~3,000 rows).
 * API Gateway (HTTP API) accepts 10 MB, but a synchronous Lambda invocation accepts only 6 MB of
 * event, so 6,000,000 bytes (leaving room for the event's headers and context) is the real ceiling.
 * Longest valid rows (E.164 phone 16 chars, 50-char tag, longest IANA zone 32 chars
 * "America/Argentina/ComodRivadavia"): CSV 16+1+50+1+32+CRLF = 102 bytes, JSON
 * {"phone":"…","tag":"…","timeZone":"…"}, = 134 bytes; 100,000 of them (10.2 MB / 13.4 MB) fit in
 * neither limit. What fits in 6,000,000 bytes: 100,000 rows of up to 60 bytes (a typical CSV row,
 * "+4915123456789,customer-tag,Europe/Berlin" + CRLF, is 43 bytes: 4.3 MB), else 58,823 longest CSV rows or
 * 44,776 longest JSON rows. Bigger files are split into several imports (idempotent by phone).
 */
export const IMPORT_MAX_BODY_BYTES = 6_000_000;

// No body schema: the body is CSV or JSON, read and validated row by row by the use case.
export const handler = httpHandler({
  auth: true,
  readsRawBody: true,
  maxBodyBytes: IMPORT_MAX_BODY_BYTES,
  handler: async ({ user, rawBody, headers }) =>
    ok(await importClients({ db: await getDb() }, user, { rawBody, contentType: headers['content-type'] })),
});
