import { create, get, patch, remove } from '../../support/calendar-http.js';
import { createTestUser } from '../../support/users.js';

describe("GET, PATCH and DELETE /events/{id} of someone else's event", () => {
  it("answers 404 for someone else's event, as for a missing one", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const created = await create(owner, {
      title: 'Private',
      startsAt: '2030-01-01T10:00:00Z',
      durationMinutes: 30,
    });
    for (const response of [
      await get(other, created.body.id),
      await patch(other, created.body.id, { title: 'Mine now' }),
      await remove(other, created.body.id),
      await get(other, '00000000-0000-4000-8000-000000000000'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CALENDAR.EVENT_NOT_FOUND');
    }
    expect((await get(owner, created.body.id)).body.title).toBe('Private');
  });
});
