import { LookupUsers, type UserSummary } from '../identity/contract.js';
import type { MeetingsDeps } from './deps.js';

const PER_CALL = 500; // LookupUsers' limit

/** Users by id through identity's contract, in as many calls as the contract's limit needs. */
export async function lookupUsersByIds(
  invoke: MeetingsDeps['invoke'],
  ids: string[],
): Promise<UserSummary[]> {
  const unique = [...new Set(ids)];
  const calls: Promise<{ users: UserSummary[] }>[] = [];
  for (let start = 0; start < unique.length; start += PER_CALL) {
    calls.push(invoke(LookupUsers, { ids: unique.slice(start, start + PER_CALL) }));
  }
  return (await Promise.all(calls)).flatMap((answer) => answer.users);
}
