import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { rotateFeedToken } from '../../feed.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user, baseUrl }) => {
    const feed = await rotateFeedToken({ db: await getDb() }, user, baseUrl);
    return created(feed, '/calendar.ics');
  },
});
