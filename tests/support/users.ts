import { randomUUID } from 'node:crypto';
import { handler as register } from '../../functions/identity/handlers/http/register.js';
import { callHttp } from './http-event.js';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  password: string;
}

/** Registers a fresh user through the real register handler; each test owns its users. */
export async function createTestUser(
  overrides: { role?: 'client' | 'hotelier'; timeZone?: string; name?: string } = {},
): Promise<TestUser> {
  const email = `user-${randomUUID()}@example.test`;
  const password = 'correct horse battery staple';
  const response = await callHttp(register, {
    method: 'POST',
    path: '/auth/register',
    body: {
      email,
      password,
      name: overrides.name ?? 'Test User',
      role: overrides.role,
      timeZone: overrides.timeZone,
    },
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${response.raw}`);
  return { id: response.body.user.id, email, token: response.body.token, password };
}
