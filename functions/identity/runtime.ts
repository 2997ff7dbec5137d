import { getDb } from '#platform/db/index';
import { dynamoThrottles } from './adapters/throttles.js';
import { passwordCost } from './config.js';
import { dummyHash } from './domain/passwords.js';
import type { ProfileDeps } from './get-me.js';
import type { LoginDeps } from './login.js';
import type { RegisterDeps } from './register.js';

// The composition root: wires the use cases to the real adapters, once per container. Handlers take
// their dependencies from here; tests pass their own (memoryThrottles, a test database).

export async function profileDeps(): Promise<ProfileDeps> {
  return { db: await getDb() };
}

export async function registerDeps(): Promise<RegisterDeps> {
  return { db: await getDb(), throttle: dynamoThrottles().registration };
}

export async function loginDeps(): Promise<LoginDeps> {
  // The hash verified for unknown emails is made once per container, before any login is answered, so
  // the first login for an unknown email does not take visibly longer than one for a known email.
  await dummyHash(passwordCost());
  return { db: await getDb(), throttle: dynamoThrottles().login };
}
