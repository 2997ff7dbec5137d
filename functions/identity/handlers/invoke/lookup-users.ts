import { contractHandler } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { LookupUsers } from '../../contract.js';
import { lookupUsers } from '../../lookup-users.js';

export const handler = contractHandler(LookupUsers, async (input) =>
  lookupUsers({ db: await getDb() }, input),
);
