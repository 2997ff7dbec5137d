import { handler as updateMe } from '../../../functions/identity/handlers/http/update-me.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

describe('PATCH /me', () => {
  it('updates name and time zone, and rejects an empty or invalid change', async () => {
    const user = await createTestUser();
    const updated = await callHttp(updateMe, {
      method: 'PATCH',
      token: user.token,
      body: { timeZone: 'America/New_York', name: 'Renamed' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ timeZone: 'America/New_York', name: 'Renamed' });

    const empty = await callHttp(updateMe, { method: 'PATCH', token: user.token, body: {} });
    expect(empty.status).toBe(400);
    const badZone = await callHttp(updateMe, {
      method: 'PATCH',
      token: user.token,
      body: { timeZone: 'Nowhere/Land' },
    });
    expect(badZone.body.errors[0].field).toBe('timeZone');
  });
});
