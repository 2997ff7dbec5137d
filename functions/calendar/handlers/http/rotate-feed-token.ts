import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { rotateFeedToken } from '../../rotate-feed-token.js';
import { calendarDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user, baseUrl }) => {
    const feed = await rotateFeedToken(await calendarDeps(), user, baseUrl);
    return created(feed, '/calendar.ics');
  },
});
