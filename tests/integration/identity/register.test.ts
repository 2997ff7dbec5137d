import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { memoryThrottles } from '../../../functions/identity/adapters/throttles.js';
import { handler as getMe } from '../../../functions/identity/handlers/http/get-me.js';
import { handler as register } from '../../../functions/identity/handlers/http/register.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const password = 'correct horse battery staple';

describe('POST /auth/register', () => {
  it('registers, then the token opens /me, and the password is stored hashed', async () => {
    const email = `Mixed.Case-${randomUUID()}@Example.test`;
    const response = await callHttp(register, {
      method: 'POST',
      body: { email, password, name: 'Hotel Owner', role: 'hotelier', timeZone: 'Europe/Berlin' },
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({
      email: email.toLowerCase(),
      role: 'hotelier',
      timeZone: 'Europe/Berlin',
    });
    expect(response.raw).not.toContain(password);

    const me = await callHttp(getMe, { token: response.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(response.body.user.id);

    const db = await getDb();
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', me.body.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('defaults role to client and time zone to UTC, and relays the welcome notification right away', async () => {
    const user = await createTestUser();
    const me = await callHttp(getMe, { token: user.token });
    expect(me.body).toMatchObject({ role: 'client', timeZone: 'UTC' });
    // Written to the outbox in the registration transaction, then sent to SQS and removed after the commit.
    const db = await getDb();
    const pending = await db
      .selectFrom('outbox')
      .select('id')
      .where('body', 'like', `%${user.id}%`)
      .execute();
    expect(pending).toEqual([]);
  });

  it('refuses a second account with the same email (any case) with 409', async () => {
    const user = await createTestUser();
    const again = await callHttp(register, {
      method: 'POST',
      body: { email: user.email.toUpperCase(), password, name: 'Copy' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IDENTITY.EMAIL_TAKEN');
  });

  it('rejects bad registrations naming the fields, and a client-chosen id', async () => {
    const response = await callHttp(register, {
      method: 'POST',
      body: {
        email: 'nope',
        password: 'short',
        name: 'A',
        role: 'admin',
        timeZone: 'Mars/Olympus',
        id: randomUUID(),
      },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['email', 'id', 'password', 'role', 'timeZone']);
  });
});

describe('sign-up limit', () => {
  it('answers 429 with Retry-After once an address used up its sign-ups for the hour', async () => {
    const { register } = await import('../../../functions/identity/register.js');
    const db = await getDb();
    const { registration } = memoryThrottles(2);
    const signUp = () =>
      register(
        { db, throttle: registration },
        { ip: '10.5.0.1' },
        { email: `s-${randomUUID()}@x.test`, password, name: 'S', role: 'client' },
      );
    await signUp();
    await signUp();
    await expect(signUp()).rejects.toMatchObject({ status: 429, code: 'IDENTITY.REGISTRATION_THROTTLED' });
    await expect(
      register(
        { db, throttle: registration },
        { ip: '10.5.0.2' },
        { email: `s-${randomUUID()}@x.test`, password, name: 'S', role: 'client' },
      ),
    ).resolves.toBeDefined();
  });

  it('counts an IPv6 client by its /64 (a new address per sign-up does not reset the limit)', async () => {
    const { register } = await import('../../../functions/identity/register.js');
    const db = await getDb();
    const { registration } = memoryThrottles(2);
    const signUpFrom = (ip: string) =>
      register(
        { db, throttle: registration },
        { ip },
        { email: `s-${randomUUID()}@x.test`, password, name: 'S', role: 'client' },
      );
    await signUpFrom('2001:db8:1:2::1');
    await signUpFrom('2001:db8:1:2:ffff::7');
    await expect(signUpFrom('2001:db8:1:2:abcd:1:2:3')).rejects.toMatchObject({ status: 429 });
    // Another /64 is another client; an IPv4-mapped address is its IPv4 address.
    await expect(signUpFrom('2001:db8:1:3::1')).resolves.toBeDefined();
    await signUpFrom('10.5.9.1');
    await signUpFrom('::ffff:10.5.9.1');
    await expect(signUpFrom('10.5.9.1')).rejects.toMatchObject({ status: 429 });
  });
});
