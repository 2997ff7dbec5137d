import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { calendarConfig } from '../../config.js';
import { rotateFeedToken } from '../../feed.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => {
    const feed = await rotateFeedToken({ db: await getDb() }, user, calendarConfig().PUBLIC_BASE_URL);
    return created(feed, '/calendar.ics');
  },
});
