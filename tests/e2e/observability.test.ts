import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { REPO_ROOT } from '../../local/config.js';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// Issue 13's acceptance through `npm start`'s runtime: /metrics shows exactly the requests a burst made,
// a booking → payment → webhook → notification is one trace in `npm run trace`, and /status renders
// with its charts in a real headless Chromium (screenshot in artifacts/ for CI).

const run = promisify(execFile);
const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH ?? ''].find(
  (candidate) => candidate && existsSync(candidate),
);

function metricsToken(stack: Stack): string {
  return JSON.parse(readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8')).METRICS_TOKEN;
}

async function scrape(stack: Stack): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken(stack)}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample line, e.g. `syncore_http_requests_total{route="/health",method="GET",status="200"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('observability through the running stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => disposeStack(stack));

  it('keeps /metrics closed without the token', async () => {
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${stack.baseUrl}/metrics`, {
      headers: { authorization: 'Bearer wrong-token-123456' },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('OPS.TOKEN_REQUIRED');
  });

  it('counts every request of a concurrent burst by route template, method and status', async () => {
    const before = await scrape(stack);
    const health = 'syncore_http_requests_total{route="/health",method="GET",status="200"}';
    const missing = 'syncore_http_requests_total{route="/{proxy+}",method="GET",status="404"}';
    const bucket = 'syncore_http_request_duration_seconds_count{route="/{proxy+}",method="GET",status="404"}';
    // 60 + 40 requests, 10 at a time (each response is sent after its counts were flushed).
    const calls = [
      ...Array(60).fill('/health'),
      ...Array.from({ length: 40 }, (_, i) => `/no-such-thing/${i}`),
    ];
    for (let start = 0; start < calls.length; start += 10) {
      await Promise.all(
        calls
          .slice(start, start + 10)
          .map(async (url) => (await fetch(`${stack.baseUrl}${url}`)).body?.cancel()),
      );
    }
    // The metrics cache (10 s) may serve the scrape before the burst: wait for a fresh one.
    const after = await eventually(
      async () => {
        const text = await scrape(stack);
        return sample(text, health) - sample(before, health) >= 60 ? text : undefined;
      },
      'a scrape that includes the burst',
      30_000,
    );
    expect(sample(after, health) - sample(before, health)).toBe(60);
    expect(sample(after, missing) - sample(before, missing)).toBe(40);
    expect(sample(after, bucket) - sample(before, bucket)).toBe(40);
    expect(after).toContain('# TYPE syncore_http_request_duration_seconds histogram');
    expect(after).toMatch(/syncore_queue_dlq_messages\{queue="notifications"\} 0/);
    expect(after).toMatch(/syncore_identity_users\{role="client"\} \d+/);
  }, 90_000);

  it('follows a booking → payment → webhook → notification as one trace in npm run trace', async () => {
    const login = await request<{ token: string }>(stack.baseUrl, 'POST', '/auth/login', {
      body: { email: 'demo-client@syncore.local', password: 'syncore-demo-1234' },
    });
    const client = login.json.token;
    const [checkIn, checkOut] = [inDays(40), inDays(42)];
    const search = await request<{ items: Array<{ id: string; offers: Array<{ roomTypeId: string }> }> }>(
      stack.baseUrl,
      'GET',
      `/hotels?city=Lisbon&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`,
      { token: client },
    );
    const hotel = search.json.items[0]!;
    const booked = await fetch(`${stack.baseUrl}/bookings`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${client}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        hotelId: hotel.id,
        roomTypeId: hotel.offers[0]!.roomTypeId,
        checkIn,
        checkOut,
        guests: 2,
      }),
    });
    expect(booked.status).toBe(201);
    const traceresponse = booked.headers.get('traceresponse')!;
    const traceId = traceresponse.split('-')[1]!;
    const { payment } = (await booked.json()) as { payment: { providerPaymentId: string } };
    // The provider's "customer pays" step continues the trace, as a real checkout page would (its test-mode
    // control needs the merchant API key `npm start` put in secrets.json).
    const { PAYMENT_PROVIDER_API_KEY } = JSON.parse(
      readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8'),
    );
    const completed = await fetch(
      `${stack.baseUrl}/payment-provider/payments/${payment.providerPaymentId}/complete`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: traceresponse,
          authorization: `Bearer ${PAYMENT_PROVIDER_API_KEY}`,
        },
        body: JSON.stringify({ outcome: 'succeeded' }),
      },
    );
    expect(completed.status).toBe(202);

    const tree = await eventually(
      async () => {
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', 'local/trace.ts', traceId, '--data-dir', stack.dataDir],
          {
            cwd: REPO_ROOT,
          },
        );
        // Done once the confirmation's notifications were stored (two consumers after the webhook).
        return (stdout.match(/sqs notifications \[ok\]/g) ?? []).length >= 4 ? stdout : undefined;
      },
      'the whole flow in one trace',
      30_000,
    );
    const order = [
      'POST /bookings [201]',
      'HTTP POST',
      'POST /payment-provider/payments [201]',
      'POST /payment-provider/payments/{id}/complete [202]',
      'outbox send payment-webhooks',
      'sqs payment-webhooks [ok]',
      'POST /webhooks/payments [200]',
      'outbox send notifications',
      'sqs notifications [ok]',
    ];
    for (const name of order) expect(tree).toContain(name);
    expect(tree).toMatch(/SQL (INSERT|SELECT)/);
    expect(tree).toContain('SQS.SendMessageBatch');
    expect(tree.split('\n')[0]).toContain(`trace ${traceId}`);
    // Looking it up by the request's correlation id finds the same trace.
    const correlationId = booked.headers.get('x-correlation-id')!;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'local/trace.ts', correlationId, '--data-dir', stack.dataDir],
      {
        cwd: REPO_ROOT,
      },
    );
    expect(stdout).toContain(`trace ${traceId}`);
  }, 90_000);

  it('renders /status with its charts in headless Chromium', async () => {
    expect(CHROMIUM).toBeDefined(); // .ci/run installs Debian's chromium when it is missing
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      // Every asset the page loads must load (the browser's own favicon probe aside).
      page.on('response', (answer) => {
        if (answer.status() >= 400 && !answer.url().endsWith('/favicon.ico'))
          errors.push(`${answer.status()} ${answer.url()}`);
      });
      await page.setViewport({ width: 1280, height: 1000 });
      const denied = await page.goto(`${stack.baseUrl}/status`);
      expect(denied?.status()).toBe(401);
      errors.length = 0;
      const response = await page.goto(`${stack.baseUrl}/status?token=${metricsToken(stack)}`, {
        waitUntil: 'networkidle0',
      });
      expect(response?.status()).toBe(200);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      const charts = await page.$$eval('#charts figure canvas', (canvases) => canvases.length);
      expect(charts).toBeGreaterThan(0);
      const routes = await page.$$eval('#charts figure', (figures) =>
        figures.map((f) => f.getAttribute('data-route')),
      );
      expect(routes).toContain('GET /health');
      const text = await page.$eval('body', (body) => body.textContent ?? '');
      expect(text).toContain('notifications');
      expect(text).toContain('syncore_outbox_pending_messages');
      expect(text).toContain('syncore_booking_bookings');
      expect(errors).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-page.png'), fullPage: true });
      expect(existsSync(path.join(ARTIFACTS, 'status-page.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
