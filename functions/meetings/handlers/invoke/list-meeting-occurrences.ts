import { contractHandler } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { ListMeetingOccurrences } from '../../contract.js';
import { listMeetingOccurrences } from '../../list-meeting-occurrences.js';

export const handler = contractHandler(ListMeetingOccurrences, async (input) =>
  listMeetingOccurrences({ db: await getDb() }, input),
);
