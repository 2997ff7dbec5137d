import { randomUUID } from 'node:crypto';
import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { commandLine, isAlive } from '../../local/processes.js';
import { localSqsClient } from '../../local/resources.js';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';
import { disposeDir, makeTempDir } from '../support/temp-dirs.js';

// End to end through the real local runtime: embedded services, serverless-offline, the SQS poller.
const PASSWORD = 'correct horse battery staple';
const newEmail = () => `e2e-${randomUUID()}@example.com`;

interface AuthResponse {
  user: { id: string; email: string };
  token: string;
}

async function register(baseUrl: string, email = newEmail()) {
  const response = await request<AuthResponse>(baseUrl, 'POST', '/auth/register', {
    body: { email, password: PASSWORD, name: 'E2E User' },
  });
  expect(response.status).toBe(201);
  return { email, ...response.json };
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/"stack"|\bat .+\.(ts|js):\d+/);
}

async function withSqs<T>(endpoint: string, use: (sqs: SQSClient, dlqUrl: string) => Promise<T>): Promise<T> {
  const sqs = localSqsClient(endpoint);
  try {
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'syncore-local-notifications-dlq' }),
    );
    return await use(sqs, QueueUrl!);
  } finally {
    sqs.destroy();
  }
}

describe('the running stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => disposeStack(stack));

  it('reports health of postgres, sqs and dynamodb', async () => {
    const health = await request(stack.baseUrl, 'GET', '/health');

    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({
      status: expect.any(String),
      checks: { postgres: expect.anything(), sqs: expect.anything(), dynamodb: expect.anything() },
    });
  });

  it('serves the API documentation', async () => {
    const docs = await request(stack.baseUrl, 'GET', '/docs');
    const openapi = await request(stack.baseUrl, 'GET', '/openapi.json');

    expect(docs.status).toBe(200);
    expect(docs.contentType).toMatch(/text\/html/);
    expect(openapi.status).toBe(200);
    expect(openapi.contentType).toMatch(/json/);
    expect(openapi.json).toHaveProperty('openapi');
  });

  it('registers, logs in and returns the caller at /me', async () => {
    const { email } = await register(stack.baseUrl);

    const login = await request<AuthResponse>(stack.baseUrl, 'POST', '/auth/login', {
      body: { email, password: PASSWORD },
    });
    const me = await request(stack.baseUrl, 'GET', '/me', { token: login.json.token });

    expect(login.status).toBe(200);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email });
  });

  it.each([
    ['malformed JSON', 'POST', '/auth/register', { rawBody: '{"email": ' }, 400],
    ['an unknown route', 'GET', `/no-such-route-${randomUUID()}`, {}, 404],
    [
      'a body over 1 MiB',
      'POST',
      '/auth/register',
      { rawBody: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) },
      413,
    ],
    ['a missing token', 'GET', '/me', {}, 401],
  ])(
    'answers %s with a problem document and no stack trace',
    async (_label, method, path, options, status) => {
      const response = await request(stack.baseUrl, method, path, options);

      expect(response.status).toBe(status);
      expect(response.contentType).toMatch(/json/);
      if (status === 400) expect(response.contentType).toMatch(/application\/problem\+json/);
      expectNoStackTrace(response.text);
    },
  );

  it('delivers the welcome notification through the queue to GET /notifications', async () => {
    const { token } = await register(stack.baseUrl);

    const items = await eventually(async () => {
      const list = await request<{ items: unknown[] }>(stack.baseUrl, 'GET', '/notifications', { token });
      expect(list.status).toBe(200);
      return list.json.items.length > 0 ? list.json.items : undefined;
    }, 'the welcome notification');

    expect(items).toHaveLength(1);
  });

  it('runs a scheduled function through the Lambda invoke API', async () => {
    const result = await stack.invoke('purgeNotifications', {
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
    });

    expect(result.functionError).toBeUndefined();
  });
});

describe('the runtime lifecycle', () => {
  let dataDir: string;
  let current: Stack | undefined;

  beforeEach(async () => {
    dataDir = await makeTempDir('lifecycle');
  });
  afterEach(async () => {
    await disposeStack(current);
    await disposeDir(dataDir);
  });

  it('stops on Ctrl-C leaving no process behind, and keeps users across restarts', async () => {
    current = await startStack({ dataDir });
    const { email } = await register(current.baseUrl);
    const { postgresPid, offlinePid, sqsEndpoint } = await current.state();
    // A message waiting in a queue (the DLQ has no consumer) must survive the restart too.
    const marker = randomUUID();
    await withSqs(sqsEndpoint, async (sqs, url) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: marker }));
    });

    const exitCode = await current.stop(); // rejects if the runtime takes more than 10 s
    current = await startStack({ dataDir });
    const login = await request(current.baseUrl, 'POST', '/auth/login', {
      body: { email, password: PASSWORD },
    });
    const kept = await withSqs((await current.state()).sqsEndpoint, async (sqs, url) => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
      );
      return Messages.map((message) => message.Body);
    });

    expect(exitCode).toBe(0);
    for (const pid of [postgresPid!, offlinePid!]) expect(isAlive(pid) && commandLine(pid)).toBeFalsy();
    expect(login.status).toBe(200);
    expect(kept).toContain(marker);
  }, 180_000);

  it('starts again on the same data dir after kill -9 of the runtime', async () => {
    current = await startStack({ dataDir });
    const { email } = await register(current.baseUrl);
    const { postgresPid, offlinePid } = await current.state();

    await current.kill9();
    current = await startStack({ dataDir });
    const login = await request(current.baseUrl, 'POST', '/auth/login', {
      body: { email, password: PASSWORD },
    });

    expect(login.status).toBe(200);
    // The orphans of the killed run (its PostgreSQL and serverless-offline) were stopped, not reused.
    const { postgresPid: newPostgresPid } = await current.state();
    expect(newPostgresPid).not.toBe(postgresPid);
    for (const pid of [postgresPid!, offlinePid!]) expect(isAlive(pid) && commandLine(pid)).toBeFalsy();
  }, 180_000);
});
