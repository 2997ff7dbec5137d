import fs from 'node:fs/promises';
import path from 'node:path';

/** Where `npm start` keeps recent spans (layers/platform/telemetry/export.ts appends them). */
export const TRACE_DIR = 'traces';
const FILES = ['spans.ndjson.1', 'spans.ndjson'];

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  endMs?: number;
  attributes: Record<string, string | number | boolean>;
  status: number;
  statusMessage?: string;
  service: string;
}

export async function readSpans(dir: string): Promise<StoredSpan[]> {
  const spans: StoredSpan[] = [];
  for (const file of FILES) {
    const text = await fs.readFile(path.join(dir, file), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        spans.push(JSON.parse(line) as StoredSpan);
      } catch {
        // a line cut short by a crash: skip it
      }
    }
  }
  return spans;
}

/** The spans of the trace `id`, or of every trace that carries the correlation id `id`. */
export function selectTraces(spans: StoredSpan[], id: string): StoredSpan[] {
  const wanted = id.toLowerCase();
  const traceIds = new Set(
    spans
      .filter((span) => span.traceId === wanted || span.attributes['syncore.correlation_id'] === id)
      .map((span) => span.traceId),
  );
  return spans.filter((span) => traceIds.has(span.traceId)).sort((a, b) => a.startMs - b.startMs);
}

/** The span tree of each trace, indented, with offsets and durations in milliseconds. */
export function formatTraces(spans: StoredSpan[]): string {
  const byTrace = new Map<string, StoredSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const out: string[] = [];
  for (const [traceId, members] of byTrace) {
    const ids = new Set(members.map((span) => span.spanId));
    const children = new Map<string | undefined, StoredSpan[]>();
    for (const span of members) {
      // A span whose parent was not recorded (a caller outside syncore) is shown as a root.
      const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
      children.set(parent, [...(children.get(parent) ?? []), span]);
    }
    const start = Math.min(...members.map((span) => span.startMs));
    const end = Math.max(...members.map((span) => span.endMs ?? span.startMs));
    out.push(`trace ${traceId}  ${members.length} spans  ${end - start} ms`);
    const walk = (parent: string | undefined, depth: number) => {
      for (const span of children.get(parent) ?? []) {
        const offset = `+${String(Math.round(span.startMs - start)).padStart(6)} ms`;
        const duration = `${String(Math.round((span.endMs ?? span.startMs) - span.startMs)).padStart(5)} ms`;
        const status = span.status === 2 ? `  ERROR ${span.statusMessage ?? ''}` : '';
        const detail = span.attributes['syncore.status'] ? ` [${span.attributes['syncore.status']}]` : '';
        out.push(
          `${offset} ${duration}  ${'  '.repeat(depth)}${span.name}${detail}  (${span.service})${status}`,
        );
        walk(span.spanId, depth + 1);
      }
    };
    walk(undefined, 0);
    out.push('');
  }
  return out.join('\n');
}
