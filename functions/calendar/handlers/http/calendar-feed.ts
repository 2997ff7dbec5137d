import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { text } from '#platform/http/responses';
import { renderFeed } from '../../feed.js';
import { feedMeetingsThrough } from '../../feed-meetings.js';
import { FeedQuery } from '../../schemas.js';

const meetings = feedMeetingsThrough(invoker(lambdaTransport));

/** Public (calendar apps cannot send bearer tokens): the secret feed token in the URL identifies the user. */
export const handler = httpHandler({
  auth: false,
  query: FeedQuery,
  handler: async ({ query, baseUrl }) => {
    const body = await renderFeed({ db: await getDb(), meetings }, query.token, baseUrl);
    return text(200, body, 'text/calendar; charset=utf-8', {
      'content-disposition': 'inline; filename="calendar.ics"',
      'cache-control': 'private, max-age=300',
    });
  },
});
