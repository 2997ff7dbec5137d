import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { memoryThrottles } from '../../../functions/identity/adapters/throttles.js';
import { handler as getMe } from '../../../functions/identity/handlers/http/get-me.js';
import { login } from '../../../functions/identity/login.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const password = 'correct horse battery staple';

describe('login', () => {
  it('signs in with the right password and rejects a wrong one or an unknown email the same way', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    const ok = await login(
      { db, throttle },
      { ip: '10.1.1.1' },
      { email: user.email, password: user.password },
    );
    expect(ok.user.id).toBe(user.id);
    await expect(
      login({ db, throttle }, { ip: '10.1.1.1' }, { email: user.email, password: 'wrong password' }),
    ).rejects.toMatchObject({
      status: 401,
      code: 'IDENTITY.INVALID_CREDENTIALS',
    });
    await expect(
      login({ db, throttle }, { ip: '10.1.1.1' }, { email: `nobody-${randomUUID()}@x.test`, password }),
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
        login({ db, throttle }, { ip: `10.2.0.${attempt}` }, { email: user.email, password: 'nope' }),
      ).rejects.toMatchObject({ status: 401 });
    }
    const locked = login(
      { db, throttle },
      { ip: '10.2.0.99' },
      { email: user.email, password: user.password },
    );
    await expect(locked).rejects.toMatchObject({ status: 429, code: 'IDENTITY.LOGIN_THROTTLED' });
    const error = await locked.catch((caught) => caught);
    expect(Number(error.extra.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits attempts per IP across accounts', async () => {
    const db = await getDb();
    const throttle = memoryThrottles().login;
    for (let attempt = 0; attempt < 30; attempt++) {
      await expect(
        login({ db, throttle }, { ip: '10.3.0.1' }, { email: `spray-${attempt}@x.test`, password }),
      ).rejects.toMatchObject({ status: 401 });
    }
    await expect(
      login({ db, throttle }, { ip: '10.3.0.1' }, { email: 'spray-last@x.test', password }),
    ).rejects.toMatchObject({ status: 429 });
    await expect(
      login({ db, throttle }, { ip: '10.3.0.2' }, { email: 'spray-last@x.test', password }),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('POST /auth/login through the handler (DynamoDB-backed throttle)', () => {
  it('returns a token for the right password and 401 problem+json for a wrong one', async () => {
    const { handler: loginHandler } = await import('../../../functions/identity/handlers/http/login.js');
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
    const { handler: loginHandler } = await import('../../../functions/identity/handlers/http/login.js');
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    const inMemory = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        login({ db, throttle }, { ip: '10.4.0.1' }, { email: user.email, password: 'wrong one' }),
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
