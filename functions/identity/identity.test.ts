import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { callHttp } from '../../tests/support/http-event.js';
import { createTestUser } from '../../tests/support/users.js';
import { memoryThrottles } from './adapters/throttles.js';
import { handler as getMe } from './handlers/http/get-me.js';
import { handler as register } from './handlers/http/register.js';
import { handler as updateMe } from './handlers/http/update-me.js';
import { login } from './login.js';

const password = 'correct horse battery staple';

describe('identity against the real database', () => {
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

  it('updates name and time zone, and rejects an empty or invalid change', async () => {
    const user = await createTestUser();
    const updated = await callHttp(updateMe, {
      method: 'PATCH',
      token: user.token,
      body: { timeZone: 'America/New_York', name: 'Renamed' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ timeZone: 'America/New_York', name: 'Renamed' });

    const empty = await callHttp(updateMe, { method: 'PATCH', token: user.token, body: {} });
    expect(empty.status).toBe(400);
    const badZone = await callHttp(updateMe, {
      method: 'PATCH',
      token: user.token,
      body: { timeZone: 'Nowhere/Land' },
    });
    expect(badZone.body.errors[0].field).toBe('timeZone');
  });
});

describe('login', () => {
  it('signs in with the right password and rejects a wrong one or an unknown email the same way', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    const ok = await login({ db, throttle }, { email: user.email, password: user.password }, '10.1.1.1');
    expect(ok.user.id).toBe(user.id);
    await expect(
      login({ db, throttle }, { email: user.email, password: 'wrong password' }, '10.1.1.1'),
    ).rejects.toMatchObject({
      status: 401,
      code: 'IDENTITY.INVALID_CREDENTIALS',
    });
    await expect(
      login({ db, throttle }, { email: `nobody-${randomUUID()}@x.test`, password }, '10.1.1.1'),
    ).rejects.toMatchObject({
      status: 401,
      code: 'IDENTITY.INVALID_CREDENTIALS',
    });
  });

  it('locks an account after 5 failures, even for the right password, with a Retry-After', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(
        login({ db, throttle }, { email: user.email, password: 'nope' }, `10.2.0.${attempt}`),
      ).rejects.toMatchObject({ status: 401 });
    }
    const locked = login({ db, throttle }, { email: user.email, password: user.password }, '10.2.0.99');
    await expect(locked).rejects.toMatchObject({ status: 429, code: 'IDENTITY.LOGIN_THROTTLED' });
    const error = await locked.catch((caught) => caught);
    expect(Number(error.extra.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits attempts per IP across accounts', async () => {
    const db = await getDb();
    const throttle = memoryThrottles().login;
    for (let attempt = 0; attempt < 30; attempt++) {
      await expect(
        login({ db, throttle }, { email: `spray-${attempt}@x.test`, password }, '10.3.0.1'),
      ).rejects.toMatchObject({ status: 401 });
    }
    await expect(
      login({ db, throttle }, { email: 'spray-last@x.test', password }, '10.3.0.1'),
    ).rejects.toMatchObject({ status: 429 });
    await expect(
      login({ db, throttle }, { email: 'spray-last@x.test', password }, '10.3.0.2'),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('POST /auth/login through the handler (DynamoDB-backed throttle)', () => {
  it('returns a token for the right password and 401 problem+json for a wrong one', async () => {
    const { handler: loginHandler } = await import('./handlers/http/login.js');
    const user = await createTestUser();
    const ok = await callHttp(loginHandler, {
      method: 'POST',
      body: { email: user.email, password: user.password },
      sourceIp: '10.9.0.1',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(user.id);
    const me = await callHttp(getMe, { token: ok.body.token });
    expect(me.status).toBe(200);

    const wrong = await callHttp(loginHandler, {
      method: 'POST',
      body: { email: user.email, password: 'nope nope' },
      sourceIp: '10.9.0.1',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('IDENTITY.INVALID_CREDENTIALS');
  });
});

describe('login throttle under concurrency', () => {
  it('lets exactly 5 parallel attempts on one account through, in memory and on DynamoDB', async () => {
    const { handler: loginHandler } = await import('./handlers/http/login.js');
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    const inMemory = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        login({ db, throttle }, { email: user.email, password: 'wrong one' }, '10.4.0.1'),
      ),
    );
    const statuses = inMemory.map((result) => (result.status === 'rejected' ? result.reason.status : 200));
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);

    const other = await createTestUser();
    const viaDynamo = await Promise.all(
      Array.from({ length: 12 }, () =>
        callHttp(loginHandler, {
          method: 'POST',
          body: { email: other.email, password: 'wrong one' },
          sourceIp: '10.4.0.2',
        }),
      ),
    );
    const dynamoStatuses = viaDynamo.map((response) => response.status);
    expect(dynamoStatuses.filter((status) => status === 401)).toHaveLength(5);
    expect(dynamoStatuses.filter((status) => status === 429)).toHaveLength(7);
  });
});

describe('sign-up limit', () => {
  it('answers 429 with Retry-After once an address used up its sign-ups for the hour', async () => {
    const { registerUser } = await import('./register.js');
    const db = await getDb();
    const { registration } = memoryThrottles(2);
    const signUp = () =>
      registerUser(
        { db, throttle: registration },
        { email: `s-${randomUUID()}@x.test`, password, name: 'S', role: 'client' },
        '10.5.0.1',
      );
    await signUp();
    await signUp();
    await expect(signUp()).rejects.toMatchObject({ status: 429, code: 'IDENTITY.REGISTRATION_THROTTLED' });
    await expect(
      registerUser(
        { db, throttle: registration },
        { email: `s-${randomUUID()}@x.test`, password, name: 'S', role: 'client' },
        '10.5.0.2',
      ),
    ).resolves.toBeDefined();
  });
});
