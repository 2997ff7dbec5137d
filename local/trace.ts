/**
 * `npm run trace -- <traceId | correlationId> [--data-dir DIR]`: prints the span tree of a trace that
 * `npm start` recorded (the data dir's traces/spans.ndjson), with offsets and durations. Without an id
 * it lists the most recent traces.
 */
import path from 'node:path';
import { parseRuntimeOptions } from './config.js';
import { formatTraces, readSpans, selectTraces, TRACE_DIR } from './trace-store.js';

const args = process.argv.slice(2);
const id = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--data-dir'));
const options = parseRuntimeOptions(
  args.filter((arg) => arg !== id),
  process.env,
);
const dir = process.env.SYNCORE_TRACE_DIR || path.join(options.dataDir, TRACE_DIR);
const spans = await readSpans(dir);

if (!id) {
  const roots = spans.filter((span) => !span.parentSpanId).slice(-20);
  console.log(roots.length === 0 ? `no spans in ${dir} (is npm start running?)` : 'recent traces:');
  for (const span of roots) {
    console.log(
      `  ${span.traceId}  ${new Date(span.startMs).toISOString()}  ${span.name}  ${span.attributes['syncore.correlation_id'] ?? ''}`,
    );
  }
} else {
  const selected = selectTraces(spans, id);
  if (selected.length === 0) {
    console.error(`no trace or correlation id ${id} in ${dir}`);
    process.exitCode = 1;
  } else console.log(formatTraces(selected));
}
