import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { Counter, Gauge, Registry } from 'prom-client';
import type { DB } from '#platform/db/schema';
import type { SqlGauge } from '#platform/telemetry/gauges';
import { LATENCY_BUCKETS_MS, type SeriesTotals } from '#platform/telemetry/request-metrics';
import type { QueueStats } from './adapters/queue-stats.js';
import { mainQueueOf } from './domain/queues.js';

export interface MetricsDeps {
  db: Kysely<DB>;
  gauges: SqlGauge[];
  readTotals: () => Promise<SeriesTotals[]>;
  readQueueStats: () => Promise<QueueStats[]>;
  /** The shared circuit breakers' states (closed ones included). */
  readBreakers: () => Promise<BreakerReading[]>;
  /** A gauge query that runs longer is cancelled (and counted in syncore_metrics_source_errors). */
  gaugeTimeoutMs: number;
}

export interface BreakerReading {
  name: string;
  state: 'closed' | 'open' | 'half-open';
  failures: number;
}

export const METRICS_CONTENT_TYPE = new Registry().contentType;

/**
 * The Prometheus exposition: request counters and latency histograms summed over every instance (from
 * DynamoDB), queue depths (SQS), and every context's gauges (PostgreSQL). A source that fails is left
 * out and counted in `syncore_metrics_source_errors`, so one slow dependency never empties the page.
 */
export async function collectMetrics(deps: MetricsDeps): Promise<string> {
  const registry = new Registry();
  const sourceErrors = new Gauge({
    name: 'syncore_metrics_source_errors',
    help: 'Sources that could not be read for this scrape (1 = failed).',
    labelNames: ['source'],
    registers: [registry],
  });
  const [totals, queues, breakers, ...gaugeRows] = await Promise.allSettled([
    deps.readTotals(),
    deps.readQueueStats(),
    deps.readBreakers(),
    ...deps.gauges.map((gauge) => runGauge(deps, gauge)),
  ]);
  const failed = (source: string, result: PromiseSettledResult<unknown>) =>
    sourceErrors.set({ source }, result.status === 'rejected' ? 1 : 0);
  failed('requests', totals);
  failed('queues', queues);
  failed('breakers', breakers);
  const requestSeries = totals.status === 'fulfilled' ? totals.value : [];
  registerCounters(registry, requestSeries);
  registerQueues(registry, queues.status === 'fulfilled' ? queues.value : []);
  registerBreakers(registry, breakers.status === 'fulfilled' ? breakers.value : []);
  deps.gauges.forEach((definition, index) => {
    const result = gaugeRows[index]!;
    failed(definition.name, result);
    const gauge = new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: definition.labels,
      registers: [registry],
    });
    if (result.status === 'fulfilled') {
      for (const row of result.value) {
        const labels = Object.fromEntries(
          definition.labels.map((label) => [label, String(row[label] ?? '')]),
        );
        gauge.set(labels, Number(row.value ?? 0));
      }
    }
  });
  return `${await registry.metrics()}${histograms(requestSeries)}`;
}

/** Each gauge in its own short transaction with a statement timeout: bounded even on a big table. */
export function runGauge(deps: Pick<MetricsDeps, 'db' | 'gaugeTimeoutMs'>, gauge: SqlGauge) {
  return deps.db.transaction().execute(async (trx) => {
    await sql`select set_config('statement_timeout', ${String(deps.gaugeTimeoutMs)}, true)`.execute(trx);
    return gauge.query(trx);
  });
}

function registerCounters(registry: Registry, series: SeriesTotals[]): void {
  const http = new Counter({
    name: 'syncore_http_requests_total',
    help: 'HTTP requests by route template, method and status, summed over every instance.',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const invocations = new Counter({
    name: 'syncore_invocations_total',
    help: 'Queue messages (trigger sqs), cron runs and synchronous contract calls (invoke) by outcome.',
    labelNames: ['trigger', 'name', 'outcome'],
    registers: [registry],
  });
  for (const entry of series) {
    if (entry.kind === 'http')
      http.inc({ route: entry.name, method: entry.method, status: entry.status }, entry.count);
    else invocations.inc({ trigger: entry.kind, name: entry.name, outcome: entry.status }, entry.count);
  }
}

function registerQueues(registry: Registry, stats: QueueStats[]): void {
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['queue'], registers: [registry] });
  const visible = gauge(
    'syncore_queue_messages_visible',
    'Messages waiting in the queue (ApproximateNumberOfMessages).',
  );
  const inFlight = gauge('syncore_queue_messages_in_flight', 'Messages received and not yet deleted.');
  const delayed = gauge('syncore_queue_messages_delayed', 'Messages not yet visible (DelaySeconds).');
  const dlq = gauge(
    'syncore_queue_dlq_messages',
    'Messages in the dead-letter queue of `queue` (should be 0).',
  );
  for (const entry of stats) {
    const main = mainQueueOf(entry.queue);
    if (main) {
      dlq.set({ queue: main }, entry.visible + entry.inFlight);
      continue;
    }
    visible.set({ queue: entry.queue }, entry.visible);
    inFlight.set({ queue: entry.queue }, entry.inFlight);
    delayed.set({ queue: entry.queue }, entry.delayed);
  }
}

function registerBreakers(registry: Registry, readings: BreakerReading[]): void {
  const open = new Gauge({
    name: 'syncore_breaker_open',
    help: 'Shared circuit breaker refusing calls (1 = open or half-open, 0 = closed).',
    labelNames: ['name'],
    registers: [registry],
  });
  const failures = new Gauge({
    name: 'syncore_breaker_failures',
    help: 'Consecutive failures the shared circuit breaker has recorded.',
    labelNames: ['name'],
    registers: [registry],
  });
  for (const { name, state, failures: count } of readings) {
    open.set({ name }, state === 'closed' ? 0 : 1);
    failures.set({ name }, count);
  }
}

/** Histograms are rendered here: prom-client observes single values, these are buckets summed in DynamoDB. */
export function histograms(series: SeriesTotals[]): string {
  const render = (name: string, help: string, entries: [Record<string, string>, SeriesTotals][]) => {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const [labels, entry] of entries) {
      const base = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
      let cumulative = 0;
      LATENCY_BUCKETS_MS.forEach((bound, index) => {
        cumulative += entry.buckets[index] ?? 0;
        lines.push(`${name}_bucket{${[...base, `le="${bound / 1000}"`].join(',')}} ${cumulative}`);
      });
      lines.push(`${name}_bucket{${[...base, 'le="+Inf"'].join(',')}} ${entry.count}`);
      lines.push(`${name}_sum{${base.join(',')}} ${entry.sumMs / 1000}`);
      lines.push(`${name}_count{${base.join(',')}} ${entry.count}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const http = series.filter((entry) => entry.kind === 'http');
  const other = series.filter((entry) => entry.kind !== 'http');
  return (
    render(
      'syncore_http_request_duration_seconds',
      'HTTP request latency by route template, method and status, over every instance.',
      http.map((entry) => [{ route: entry.name, method: entry.method, status: entry.status }, entry]),
    ) +
    render(
      'syncore_invocation_duration_seconds',
      'Duration of queue messages, cron runs and contract calls, over every instance.',
      other.map((entry) => [{ trigger: entry.kind, name: entry.name, outcome: entry.status }, entry]),
    )
  );
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
