import type { AuthUser } from '#platform/auth/tokens';
import type { Invoker } from '#platform/contracts/invoke';
import { LookupUsers } from '../../identity/contract.js';
import { UnknownUserError } from '../domain/errors.js';

/** The user a contract call acts for, as booking's rules see them (their id and role). */
export type ContractCaller = (userId: string) => Promise<AuthUser>;

/**
 * Booking's contracts (the Telegram bot's entry points) name the user they act for; their role comes
 * from identity, never from the caller, so every rule applies exactly as over HTTP (a hotelier cannot
 * book: 403).
 */
export const callerThrough =
  (invoke: Invoker): ContractCaller =>
  async (userId) => {
    const [user] = (await invoke(LookupUsers, { ids: [userId] })).users;
    if (!user) throw new UnknownUserError();
    return { id: user.id, role: user.role };
  };
