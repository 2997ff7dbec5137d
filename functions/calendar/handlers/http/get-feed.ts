import { httpHandler } from '#platform/http/handler';
import { text } from '#platform/http/responses';
import { getFeed } from '../../get-feed.js';
import { calendarDeps } from '../../runtime.js';
import { FeedQuery } from '../../schemas.js';

/** Public (calendar apps cannot send bearer tokens): the secret feed token in the URL identifies the user. */
export const handler = httpHandler({
  auth: false,
  query: FeedQuery,
  handler: async ({ query, baseUrl }) => {
    const body = await getFeed(await calendarDeps(), query.token, baseUrl);
    return text(200, body, 'text/calendar; charset=utf-8', {
      'content-disposition': 'inline; filename="calendar.ics"',
      'cache-control': 'private, max-age=300',
    });
  },
});
