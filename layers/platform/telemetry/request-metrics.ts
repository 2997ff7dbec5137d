import { BatchGetItemCommand, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { platformConfig } from '../config.js';
import { telemetryConfig } from './config.js';

/**
 * Request metrics that hold across Lambda instances. Each container counts its invocations in memory
 * and flushes the increments into DynamoDB atomic counters (`ADD`) at the end of the invocation: one
 * UpdateItem on the running totals and one on the current minute, whatever the number of series, and
 * concurrent invocations in one process (serverless-offline) share a flush. `/metrics` reads the totals
 * back (one BatchGetItem over the shards), so every instance's requests are counted once. Counters live in the cache table
 * under `metrics#total#<shard>` and `metrics#m#<minute>` (minute items expire after two hours; the local
 * emulator never expires items, so readers check `expiresAt` themselves).
 */

/** Latency buckets (ms), Prometheus `le` bounds; +Inf is implicit. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** One series: what was invoked and how it ended. `kind` http: name = route template, method, status. */
export interface SeriesLabels {
  kind: 'http' | 'sqs' | 'cron' | 'invoke';
  name: string;
  method: string;
  status: string;
}

const SEP = '|';
export const seriesKey = (labels: SeriesLabels) =>
  [labels.kind, labels.method, labels.status, labels.name].join(SEP);

export function parseSeriesKey(key: string): SeriesLabels {
  const [kind, method, status, ...name] = key.split(SEP);
  return { kind: kind as SeriesLabels['kind'], method: method!, status: status!, name: name.join(SEP) };
}

/**
 * What this container counted and has not written yet, as the ADD terms of the two items a flush
 * updates: the container's running totals (`c|<series>` count, `s|<series>` summed ms, `b<i>|<series>`
 * per latency bucket) and the current minute (`c|<series>`). Kept apart so a failed update puts back
 * only its own terms: an update that went through is never added twice.
 */
let pendingTotals = new Map<string, number>();
let pendingMinute = new Map<string, number>();

const addTerm = (terms: Map<string, number>, name: string, value: number) =>
  terms.set(name, (terms.get(name) ?? 0) + value);

export function recordInvocation(labels: SeriesLabels, durationMs: number): void {
  if (!telemetryConfig().SYNCORE_REQUEST_METRICS) return;
  const key = seriesKey(labels);
  const bucket = LATENCY_BUCKETS_MS.findIndex((bound) => durationMs <= bound);
  addTerm(pendingTotals, `c${SEP}${key}`, 1);
  addTerm(pendingTotals, `s${SEP}${key}`, durationMs);
  addTerm(pendingTotals, `b${bucket === -1 ? LATENCY_BUCKETS_MS.length : bucket}${SEP}${key}`, 1);
  addTerm(pendingMinute, `c${SEP}${key}`, 1);
}

let client: DynamoDBClient | undefined;
/** Its own client: one attempt and short timeouts, so a DynamoDB outage costs a request ~1 s, once. */
function metricsClient(): DynamoDBClient {
  const config = platformConfig();
  client ??= new DynamoDBClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
  });
  return client;
}

/**
 * The running totals are spread over SHARDS items (each container writes to one, picked at random at cold
 * start) so that no single DynamoDB partition takes every flush; /metrics reads and sums all of them.
 */
export const SHARDS = 8;
const totalKey = (shard: number) => `metrics#total#${shard}`;
const containerShard = Math.floor(Math.random() * SHARDS);
const minuteKey = (minute: number) => `metrics#m#${minute}`;
const MINUTE_TTL_SECONDS = 2 * 3600;
/** DynamoDB allows 4 KB per update expression: at most this many ADD terms per UpdateItem. */
const TERMS_PER_UPDATE = 150;

let flushing: Promise<void> | undefined;
let pausedUntil = 0;
let lastFlush = 0;

/**
 * Writes what this container counted since the last flush. Concurrent callers share one write; an
 * update that fails keeps its own terms for the next flush (and pauses flushing for 5 s); the ones that
 * went through are not written again. Never throws.
 */
export async function flushRequestMetrics(options: { force?: boolean } = {}): Promise<void> {
  while (flushing) await flushing;
  if ((pendingTotals.size === 0 && pendingMinute.size === 0) || Date.now() < pausedUntil) return;
  // At most one flush per SYNCORE_METRICS_FLUSH_MS per container (0 = at the end of every invocation);
  // `force` (a reader in this same process, e.g. /metrics locally) writes what is pending now.
  if (!options.force && Date.now() - lastFlush < telemetryConfig().SYNCORE_METRICS_FLUSH_MS) return;
  lastFlush = Date.now();
  const [totals, minute] = [pendingTotals, pendingMinute];
  [pendingTotals, pendingMinute] = [new Map(), new Map()];
  flushing = writeTerms(totals, minute)
    .then((failed) => {
      if (failed.totals.length === 0 && failed.minute.length === 0) return;
      pausedUntil = Date.now() + 5_000;
      for (const [name, value] of failed.totals) addTerm(pendingTotals, name, value);
      for (const [name, value] of failed.minute) addTerm(pendingMinute, name, value);
    })
    .finally(() => {
      flushing = undefined;
    });
  await flushing;
}

/** One UpdateItem per chunk of terms; returns the terms of the updates that failed. */
async function writeTerms(totals: Map<string, number>, minute: Map<string, number>) {
  const nowMinute = Math.floor(Date.now() / 60_000);
  const expiresAt = Math.floor(Date.now() / 1000) + MINUTE_TTL_SECONDS;
  const write = async (key: string, terms: [string, number][], expires?: number) =>
    Promise.all(
      chunks(terms).map((chunk) =>
        addTo(key, chunk, expires).then(
          () => [] as [string, number][],
          () => chunk,
        ),
      ),
    ).then((failed) => failed.flat());
  const [failedTotals, failedMinute] = await Promise.all([
    write(totalKey(containerShard), [...totals]),
    write(minuteKey(nowMinute), [...minute], expiresAt),
  ]);
  return { totals: failedTotals, minute: failedMinute };
}

const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / TERMS_PER_UPDATE) }, (_, index) =>
    items.slice(index * TERMS_PER_UPDATE, (index + 1) * TERMS_PER_UPDATE),
  );

async function addTo(key: string, terms: [string, number][], expiresAt?: number): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, { N: string }> = {};
  const adds = terms.map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = { N: String(Math.round(value)) };
    return `#a${index} :a${index}`;
  });
  let expression = `ADD ${adds.join(', ')}`;
  if (expiresAt !== undefined) {
    names['#expiresAt'] = 'expiresAt';
    values[':expiresAt'] = { N: String(expiresAt) };
    expression += ' SET #expiresAt = :expiresAt';
  }
  await metricsClient().send(
    new UpdateItemCommand({
      TableName: telemetryConfig().CACHE_TABLE,
      Key: { key: { S: key } },
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export interface SeriesTotals extends SeriesLabels {
  count: number;
  sumMs: number;
  /** Per bucket, not cumulative; the last one is +Inf. */
  buckets: number[];
}

/**
 * The running totals of every series, summed over every instance that ever flushed (this container's
 * own pending counts are written first, so a process that flushes in the background reads its own).
 */
export async function readTotals(): Promise<SeriesTotals[]> {
  await flushRequestMetrics({ force: true });
  const table = telemetryConfig().CACHE_TABLE;
  const keys = Array.from({ length: SHARDS }, (_, shard) => ({ key: { S: totalKey(shard) } }));
  const result = await metricsClient().send(
    new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
  );
  if (Object.keys(result.UnprocessedKeys ?? {}).length > 0)
    throw new Error('request totals: shards not read');
  const series = new Map<string, SeriesTotals>();
  const get = (key: string) => {
    let entry = series.get(key);
    if (!entry) {
      entry = {
        ...parseSeriesKey(key),
        count: 0,
        sumMs: 0,
        buckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
      };
      series.set(key, entry);
    }
    return entry;
  };
  for (const item of result.Responses?.[table] ?? []) {
    for (const [attribute, value] of Object.entries(item)) {
      if (!value.N || attribute === 'expiresAt') continue;
      const split = attribute.indexOf(SEP);
      const [prefix, key] = [attribute.slice(0, split), attribute.slice(split + 1)];
      const n = Number(value.N);
      if (prefix === 'c') get(key).count += n;
      else if (prefix === 's') get(key).sumMs += n;
      else if (prefix.startsWith('b')) get(key).buckets[Number(prefix.slice(1))]! += n;
    }
  }
  return [...series.values()];
}

/** Counts per series for each of the last `minutes` minutes (oldest first), for the status page's charts. */
export async function readRecentMinutes(
  minutes = 60,
): Promise<{ minute: number; counts: Map<string, number> }[]> {
  await flushRequestMetrics({ force: true });
  const now = Math.floor(Date.now() / 60_000);
  const wanted = Array.from({ length: minutes }, (_, index) => now - minutes + 1 + index);
  const found = new Map<number, Map<string, number>>();
  const table = telemetryConfig().CACHE_TABLE;
  for (let start = 0; start < wanted.length; start += 100) {
    let keys: { key: { S: string } }[] | undefined = wanted
      .slice(start, start + 100)
      .map((minute) => ({ key: { S: minuteKey(minute) } }));
    for (let round = 0; keys?.length && round < 3; round += 1) {
      const result = await metricsClient().send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[table] ?? []) {
        // The emulator never expires items: check expiry on read, as every reader of this table does.
        if (Number(item.expiresAt?.N ?? 0) * 1000 < Date.now()) continue;
        const minute = Number(item.key!.S!.split('#').pop());
        const counts = new Map<string, number>();
        for (const [attribute, value] of Object.entries(item)) {
          if (attribute.startsWith(`c${SEP}`) && value.N) counts.set(attribute.slice(2), Number(value.N));
        }
        found.set(minute, counts);
      }
      keys = result.UnprocessedKeys?.[table]?.Keys as typeof keys;
    }
  }
  return wanted.map((minute) => ({ minute, counts: found.get(minute) ?? new Map() }));
}

/** Test hook: forget what this container counted and has not flushed. */
export function resetPendingMetrics(): void {
  pendingTotals = new Map();
  pendingMinute = new Map();
  pausedUntil = 0;
  lastFlush = 0;
}
