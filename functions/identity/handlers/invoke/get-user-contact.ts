import { contractHandler } from '#platform/contracts/invoke';
import { GetUserContact } from '../../contract.js';
import { getMe } from '../../get-me.js';
import { profileDeps } from '../../runtime.js';

// The existing getMe use case (GET /me) reduced to the contact details, for a user named by the caller.
export const handler = contractHandler(GetUserContact, async ({ userId }) => {
  const user = await getMe(await profileDeps(), { id: userId, role: 'client' });
  return { email: user.email, timeZone: user.timeZone };
});
