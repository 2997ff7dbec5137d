import { contractHandler } from '#platform/contracts/invoke';
import { ValidationError } from '#platform/errors';
import { TimeZone } from '#platform/validation/common';
import { SetUserTimeZone } from '../../contract.js';
import { profileDeps } from '../../runtime.js';
import { updateMe } from '../../update-me.js';

// The existing updateMe use case (PATCH /me) for the time zone only, for a user named by the caller.
export const handler = contractHandler(SetUserTimeZone, async ({ userId, timeZone }) => {
  if (!TimeZone.safeParse(timeZone).success) {
    throw new ValidationError([{ in: 'body', field: 'timeZone', message: 'Unknown IANA time zone.' }]);
  }
  const user = await updateMe(await profileDeps(), { id: userId, role: 'client' }, { timeZone });
  return { timeZone: user.timeZone };
});
