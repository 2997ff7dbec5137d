import { handler as createClient } from '../../../functions/campaigns/handlers/http/create-client.js';
import {
  IMPORT_MAX_BODY_BYTES,
  handler as importClients,
} from '../../../functions/campaigns/handlers/http/import-clients.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const ROWS = 100_000;
// Data row i (0-based) is file line i + 2 (line 1 is the header).
const INVALID = new Map<number, string>([
  [1000, 'not-a-phone,vip,Europe/Berlin'],
  [50000, '+4915150050000,vip,Nowhere/Zone'],
  [99998, '+4915100000007,dup,Europe/Berlin'], // the same phone as data row 7
]);

function bigCsv(): string {
  const lines = ['phone,tag,timeZone'];
  for (let i = 0; i < ROWS; i += 1) {
    lines.push(INVALID.get(i) ?? `+49151${String(i).padStart(8, '0')},customer-tag,Europe/Berlin`);
  }
  return lines.join('\r\n');
}

const importCsv = (token: string, body: string) =>
  callHttp(importClients, {
    method: 'POST',
    path: '/campaign-clients/import',
    token,
    headers: { 'content-type': 'text/csv' },
    body,
  });

describe('campaign clients import at full size', () => {
  it('imports 100,000 CSV rows through the handler, rejecting bad rows by line; a repeat changes nothing', async () => {
    const ann = await createTestUser();
    const csv = bigCsv();
    // Far over the global 100 KiB default, within the route's own limit.
    expect(Buffer.byteLength(csv)).toBeGreaterThan(3_000_000);
    expect(Buffer.byteLength(csv)).toBeLessThan(IMPORT_MAX_BODY_BYTES);

    const first = await importCsv(ann.token, csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: ROWS, created: ROWS - 3, updated: 0, unchanged: 0 });
    expect(first.body.rejected.map((row: { line: number }) => row.line)).toEqual([1_002, 50_002, 100_000]);
    expect(first.body.rejected[0].reason).toMatch(/^phone:/);
    expect(first.body.rejected[1].reason).toMatch(/^timeZone:/);
    expect(first.body.rejected[2].reason).toMatch(/line 9\b/);

    const again = await importCsv(ann.token, csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: ROWS, created: 0, updated: 0, unchanged: ROWS - 3 });
    expect(again.body.rejected).toHaveLength(3);
  }, 120_000);

  it("answers 413 problem+json above the route's limit; other routes keep the global limit", async () => {
    const ann = await createTestUser();
    const header = 'phone,tag,timeZone\r\n';
    const tooBig = await importCsv(ann.token, header + 'x'.repeat(IMPORT_MAX_BODY_BYTES - header.length + 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooBig.body).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE' });

    // 200 KB: fine for the import route (a 400 for its content, not a 413), too big for another route.
    const padding = 'x'.repeat(200_000);
    expect((await importCsv(ann.token, header + padding)).status).not.toBe(413);
    const other = await callHttp(createClient, {
      method: 'POST',
      path: '/campaign-clients',
      token: ann.token,
      body: { phone: '+4915123456789', timeZone: 'Europe/Berlin', tag: padding },
    });
    expect(other.status).toBe(413);
    expect(other.body.code).toBe('REQUEST.TOO_LARGE');
  });
});
