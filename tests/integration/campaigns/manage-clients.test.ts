import { handler as createClient } from '../../../functions/campaigns/handlers/http/create-client.js';
import { handler as deleteClient } from '../../../functions/campaigns/handlers/http/delete-client.js';
import { handler as getClient } from '../../../functions/campaigns/handlers/http/get-client.js';
import { handler as importClients } from '../../../functions/campaigns/handlers/http/import-clients.js';
import { handler as listClients } from '../../../functions/campaigns/handlers/http/list-clients.js';
import { handler as updateClient } from '../../../functions/campaigns/handlers/http/update-client.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const post = (user: TestUser, body: unknown) =>
  callHttp(createClient, { method: 'POST', path: '/campaign-clients', token: user.token, body });

describe('campaign clients', () => {
  it('normalises the phone to E.164 with its operator code; a phone is unique per owner', async () => {
    const ann = await createTestUser();
    const bob = await createTestUser();
    const created = await post(ann, { phone: '+7 (912) 345-67-89', tag: 'vip', timeZone: 'Europe/Moscow' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phone: '+79123456789', operatorCode: '912', tag: 'vip' });
    expect(created.headers.location).toBe(`/campaign-clients/${created.body.id}`);

    const again = await post(ann, { phone: '+79123456789', timeZone: 'Europe/Moscow' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CAMPAIGNS.PHONE_TAKEN');
    // Someone else's audience is separate.
    expect((await post(bob, { phone: '+79123456789', timeZone: 'Europe/Moscow' })).status).toBe(201);
  });

  it('bad input answers 400 naming the field', async () => {
    const ann = await createTestUser();
    const cases: [unknown, string][] = [
      [{ phone: '12345', timeZone: 'Europe/Berlin' }, 'phone'],
      [{ phone: '+49 12', timeZone: 'Europe/Berlin' }, 'phone'],
      [{ phone: '+4915123456789', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ phone: '+4915123456789', timeZone: 'Europe/Berlin', owner: 'x' }, 'owner'],
    ];
    for (const [body, field] of cases) {
      const response = await post(ann, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });

  it("another user's client is a 404 for read, change and delete", async () => {
    const ann = await createTestUser();
    const eve = await createTestUser();
    const { body } = await post(ann, { phone: '+4915123450001', timeZone: 'Europe/Berlin' });
    const params = { id: body.id };
    for (const [handler, method, extra] of [
      [getClient, 'GET', {}],
      [updateClient, 'PATCH', { body: { tag: 'stolen' } }],
      [deleteClient, 'DELETE', {}],
    ] as const) {
      const response = await callHttp(handler, { method, params, token: eve.token, ...extra });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CAMPAIGNS.CLIENT_NOT_FOUND');
    }
    expect((await callHttp(getClient, { params, token: ann.token })).body.tag).toBeNull();
  });

  it('changes, lists by tag and operator code with a cursor, and deletes', async () => {
    const ann = await createTestUser();
    const ids: string[] = [];
    for (const [phone, tag] of [
      ['+4915123450011', 'a'],
      ['+4915123450012', 'a'],
      ['+4917612345678', 'a'],
      ['+79123456780', 'b'],
    ]) {
      ids.push((await post(ann, { phone, tag, timeZone: 'Europe/Berlin' })).body.id);
    }
    const byTag = async (query: Record<string, string>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await callHttp(listClients, {
          token: ann.token,
          query: { ...query, limit: '2', ...(cursor ? { cursor } : {}) },
        });
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item: { phone: string }) => item.phone));
        cursor = response.body.nextCursor ?? undefined;
      } while (cursor);
      return seen.sort();
    };
    expect(await byTag({ tag: 'a' })).toEqual(['+4915123450011', '+4915123450012', '+4917612345678']);
    expect(await byTag({ operatorCode: '1512' })).toEqual(['+4915123450011', '+4915123450012']);
    expect(await byTag({ tag: 'a', operatorCode: '176' })).toEqual(['+4917612345678']);

    const changed = await callHttp(updateClient, {
      method: 'PATCH',
      params: { id: ids[3]! },
      token: ann.token,
      body: { phone: '+4917612345679', tag: null },
    });
    expect(changed.body).toMatchObject({ phone: '+4917612345679', operatorCode: '176', tag: null });
    const clash = await callHttp(updateClient, {
      method: 'PATCH',
      params: { id: ids[3]! },
      token: ann.token,
      body: { phone: '+4915123450011' },
    });
    expect(clash.status).toBe(409);
    expect(
      (await callHttp(deleteClient, { method: 'DELETE', params: { id: ids[0]! }, token: ann.token })).status,
    ).toBe(204);
    expect((await callHttp(getClient, { params: { id: ids[0]! }, token: ann.token })).status).toBe(404);
    const badCursor = await callHttp(listClients, { token: ann.token, query: { cursor: 'nope' } });
    expect(badCursor.status).toBe(400);
  });

  it('imports CSV and JSON idempotently by phone, reporting rejected rows with their line', async () => {
    const ann = await createTestUser();
    const csv = [
      'phone,tag,timeZone',
      '+4915123460001,vip,Europe/Berlin',
      '+4915123460002,,Europe/Berlin',
      'not-a-phone,vip,Europe/Berlin',
      '+4915123460003,vip,Nowhere/Zone',
      '',
      '+4915123460001,other,Europe/Berlin',
    ].join('\n');
    const first = await callHttp(importClients, {
      method: 'POST',
      token: ann.token,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 5, created: 2, updated: 0, unchanged: 0 });
    expect(first.body.rejected.map((row: { line: number }) => row.line)).toEqual([4, 5, 7]);
    expect(first.body.rejected[0].reason).toMatch(/^phone:/);
    expect(first.body.rejected[1].reason).toMatch(/^timeZone:/);
    expect(first.body.rejected[2].reason).toMatch(/line 2/);

    // The same rows again change nothing; a changed tag is an update; a new phone is created.
    const json = await callHttp(importClients, {
      method: 'POST',
      token: ann.token,
      body: {
        clients: [
          { phone: '+4915123460001', tag: 'vip', timeZone: 'Europe/Berlin' },
          { phone: '+49 1512 3460002', tag: 'new', timeZone: 'Europe/Berlin' },
          { phone: '+4915123460004', timeZone: 'Asia/Tokyo' },
          { phone: '+4915123460005', timeZone: 'Asia/Tokyo', extra: 1 },
        ],
      },
    });
    expect(json.body).toMatchObject({ received: 4, created: 1, updated: 1, unchanged: 1 });
    expect(json.body.rejected).toEqual([{ line: 4, reason: expect.stringContaining('extra') }]);
    const listed = await callHttp(listClients, { token: ann.token, query: { limit: '100' } });
    expect(listed.body.items).toHaveLength(3);
  });

  it('rejects an import with a wrong header or media type as a whole', async () => {
    const ann = await createTestUser();
    const header = await callHttp(importClients, {
      method: 'POST',
      token: ann.token,
      headers: { 'content-type': 'text/csv' },
      body: 'mobile,zone\n+4915123460001,Europe/Berlin',
    });
    expect(header.status).toBe(400);
    const media = await callHttp(importClients, {
      method: 'POST',
      token: ann.token,
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(media.status).toBe(400);
    expect(media.body.errors[0].field).toBe('content-type');
  });
});
