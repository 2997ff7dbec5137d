import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import {
  backoffSeconds,
  LOGIN_LIMITS,
  memoryThrottles,
} from '../../../functions/identity/adapters/throttles.js';
import { hashPassword } from '../../../functions/identity/domain/passwords.js';
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

  it('locks a wrong password out from one IP only, with a Retry-After; the owner elsewhere still signs in', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(
        login({ db, throttle }, { ip: '10.2.0.1' }, { email: user.email, password: 'nope' }),
      ).rejects.toMatchObject({ status: 401 });
    }
    const locked = login(
      { db, throttle },
      { ip: '10.2.0.1' },
      { email: user.email, password: user.password },
    );
    await expect(locked).rejects.toMatchObject({ status: 429, code: 'IDENTITY.LOGIN_THROTTLED' });
    const error = await locked.catch((caught) => caught);
    expect(Number(error.extra.headers['retry-after'])).toBeGreaterThan(0);

    const owner = await login(
      { db, throttle },
      { ip: '10.2.0.99' },
      { email: user.email, password: user.password },
    );
    expect(owner.user.id).toBe(user.id);
  });

  it('past the per-account ceiling (many IPs) slows the account down with a short Retry-After, never locks it', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const throttle = memoryThrottles().login;
    const attempt = (ip: string, password: string) =>
      login({ db, throttle }, { ip }, { email: user.email, password });
    for (let index = 0; index < LOGIN_LIMITS.perAccount.points; index++) {
      await expect(attempt(`10.5.0.${index}`, 'nope')).rejects.toMatchObject({ status: 401 });
    }
    // The first attempt over the ceiling goes through (and starts a 5 s pause) ...
    await expect(attempt('10.5.1.1', 'nope')).rejects.toMatchObject({ status: 401 });
    // ... the next one within the pause is told to come back soon, not in 15 minutes.
    const paused = await attempt('10.5.1.2', user.password).catch((caught) => caught);
    expect(paused).toMatchObject({ status: 429, code: 'IDENTITY.LOGIN_THROTTLED' });
    const retryAfter = Number(paused.extra.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.maxBackoffSeconds);
    expect([1, 2, 3, 4, 5, 30].map(backoffSeconds)).toEqual([5, 10, 20, 40, 60, 60]);
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

describe('a stranger hammering one account from 127.0.0.2 (DynamoDB-backed throttle, through the handler)', () => {
  it('locks out 127.0.0.2 only: the right password from 127.0.0.1 still signs in', async () => {
    const { handler: loginHandler } = await import('../../../functions/identity/handlers/http/login.js');
    const user = await createTestUser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await callHttp(loginHandler, {
        method: 'POST',
        body: { email: user.email, password: `guess ${attempt}` },
        sourceIp: '127.0.0.2',
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);

    const owner = await callHttp(loginHandler, {
      method: 'POST',
      body: { email: user.email, password: user.password },
      sourceIp: '127.0.0.1',
    });
    expect(owner.status).toBe(200);
    expect(owner.body.user.id).toBe(user.id);
    const stranger = await callHttp(loginHandler, {
      method: 'POST',
      body: { email: user.email, password: user.password },
      sourceIp: '127.0.0.2',
    });
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('password hashes made with an older, lower cost', () => {
  it('still verify, and are replaced by a hash at the current cost on the next successful login', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const legacy = await hashPassword(user.password, { N: 2 ** 12, r: 8, p: 1 });
    await db.updateTable('users').set({ password_hash: legacy }).where('id', '=', user.id).execute();
    const throttle = memoryThrottles().login;

    await login({ db, throttle }, { ip: '10.6.0.1' }, { email: user.email, password: user.password });
    const { password_hash: upgraded } = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(upgraded.startsWith(`scrypt$${2 ** Number(process.env.PASSWORD_HASH_LOG2_N)}$8$1$`)).toBe(true);
    expect(upgraded).not.toBe(legacy);
    const again = await login(
      { db, throttle },
      { ip: '10.6.0.1' },
      { email: user.email, password: user.password },
    );
    expect(again.user.id).toBe(user.id);
    await expect(
      login({ db, throttle }, { ip: '10.6.0.1' }, { email: user.email, password: 'wrong' }),
    ).rejects.toMatchObject({ status: 401 });
  });
});
