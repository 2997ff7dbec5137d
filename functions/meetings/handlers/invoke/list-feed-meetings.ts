import { contractHandler } from '#platform/contracts/invoke';
import { ListFeedMeetings } from '../../contract.js';
import { listFeedMeetings } from '../../list-feed-meetings.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = contractHandler(ListFeedMeetings, async (input) =>
  listFeedMeetings(await meetingsDeps(), input),
);
