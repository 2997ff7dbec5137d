import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { rotateFeedToken } from '../../feed.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user, baseUrl }) => {
    const feed = await rotateFeedToken({ db: await getDb() }, user, baseUrl);
    return created(feed, '/calendar.ics');
  },
});
