import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { ValidationError } from '#platform/errors';
import { type ClientRecord, upsertClients } from './adapters/clients.repository.js';
import { parseCsv } from './domain/csv.js';
import { parsePhone } from './domain/phone.js';
import { ImportJsonBody, ImportRow } from './schemas.js';

export const MAX_IMPORT_ROWS = 100_000;
const CHUNK = 1_000;

type Deps = { db: Kysely<DB> };

/** Rows as received, each with the line number a person would look for (CSV: the file line). */
type RawRow = { line: number; value: unknown };

function rowsFromBody(rawBody: string, contentType: string | undefined): RawRow[] {
  if (/^text\/csv\b/i.test(contentType ?? '')) {
    const { header, rows } = parseCsv(rawBody);
    const missing = ['phone', 'timeZone'].filter((column) => !header.includes(column));
    const unknown = header.filter((column) => !['phone', 'tag', 'timeZone'].includes(column));
    if (missing.length || unknown.length) {
      throw new ValidationError([
        {
          in: 'body',
          field: '(header)',
          message: `The first line must name the columns phone,tag,timeZone (missing: ${missing.join(', ') || '-'}; unknown: ${unknown.join(', ') || '-'}).`,
        },
      ]);
    }
    return rows.map(({ line, cells }) => ({
      line,
      value: Object.fromEntries(
        header.map((column, index) => [
          column,
          column === 'tag' && cells[index] === '' ? null : cells[index],
        ]),
      ),
    }));
  }
  if (!/^application\/json\b/i.test(contentType ?? '')) {
    throw new ValidationError(
      [{ in: 'header', field: 'content-type', message: 'Send application/json or text/csv.' }],
      'Unsupported import format.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch (error) {
    throw new ValidationError([{ in: 'body', field: '(root)', message: (error as Error).message }]);
  }
  const body = ImportJsonBody.safeParse(parsed);
  if (!body.success) {
    throw new ValidationError(
      body.error.issues.map((issue) => ({
        in: 'body' as const,
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return body.data.clients.map((value, index) => ({ line: index + 1, value }));
}

/**
 * Bulk import (CSV with a header line, or JSON {clients: [...]}), idempotent by phone: a known phone is
 * updated, a new one created, an invalid row reported with its line and reason. All valid rows are
 * written in one transaction, so a crash leaves nothing half-imported and a retry gives the same result.
 */
export async function importClients(
  { db }: Deps,
  actor: Pick<AuthUser, 'id'>,
  request: { rawBody: string; contentType: string | undefined },
) {
  const raw = rowsFromBody(request.rawBody, request.contentType);
  if (raw.length > MAX_IMPORT_ROWS) {
    throw new ValidationError([
      { in: 'body', field: 'clients', message: `At most ${MAX_IMPORT_ROWS} rows per import.` },
    ]);
  }
  const rejected: { line: number; reason: string }[] = [];
  const byPhone = new Map<string, { line: number; record: ClientRecord }>();
  for (const { line, value } of raw) {
    const row = ImportRow.safeParse(value);
    if (!row.success) {
      const issue = row.error.issues[0]!;
      rejected.push({ line, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` });
      continue;
    }
    const phone = parsePhone(row.data.phone);
    if (!phone.ok) {
      rejected.push({ line, reason: `phone: ${phone.reason}` });
      continue;
    }
    const earlier = byPhone.get(phone.e164);
    if (earlier) {
      rejected.push({ line, reason: `phone: the same number as line ${earlier.line}` });
      continue;
    }
    byPhone.set(phone.e164, {
      line,
      record: {
        phone: phone.e164,
        operatorCode: phone.operatorCode,
        tag: row.data.tag ?? null,
        timeZone: row.data.timeZone,
      },
    });
  }
  const records = [...byPhone.values()].map((entry) => entry.record);
  const totals = await db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (let start = 0; start < records.length; start += CHUNK) {
      const result = await upsertClients(trx, actor.id, records.slice(start, start + CHUNK));
      created += result.created;
      updated += result.updated;
    }
    return { created, updated };
  });
  return {
    received: raw.length,
    created: totals.created,
    updated: totals.updated,
    unchanged: records.length - totals.created - totals.updated,
    rejected,
  };
}
