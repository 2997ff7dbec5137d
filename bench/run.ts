// `npm run bench -- <name> [args]` runs bench/<name>.bench.ts, which prints one JSON document to stdout
// (also kept in bench/results/<name>.json). `npm run bench -- all` runs every bench, one after the
// other, each in its own process, then writes the table generated from the JSON into bench/results.md
// and into README.md between the `bench:table` markers. `npm run bench -- table` only rewrites the table.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR } from './support/results.js';
import { resultsTable } from './support/table.js';

const benches = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();
const name = process.argv[2];
/** A single bench's own arguments, e.g. `npm run bench -- hold-locks --holds 5`. */
const benchArgs = name === 'all' ? [] : process.argv.slice(3);

function writeTable(): void {
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(', ');
  const table = `${resultsTable()}\n\nGenerated from bench/results/*.json (\`npm run bench -- all\` runs every bench, then writes this; \`npm run bench -- table\` rewrites it from the results there, each row dated by its run) on ${os.cpus().length} cores, load average when written ${load}. Ratios are against baselines measured in the same run.\n`;
  writeFileSync(path.join(import.meta.dirname, 'results.md'), `# Benchmark results\n\n${table}`);
  const readme = path.join(import.meta.dirname, '../README.md');
  const text = readFileSync(readme, 'utf8');
  const marked = /(<!-- bench:table:start -->\n)[\s\S]*?(<!-- bench:table:end -->)/;
  if (marked.test(text)) writeFileSync(readme, text.replace(marked, `$1${table}$2`));
}

/**
 * A bench's result is the last JSON document on its stdout; anything before it (a metrics line the code
 * under test printed, a child's port) is not the result.
 */
function lastJsonDocument(out: string): Record<string, unknown> {
  for (let start = out.lastIndexOf('{'); start >= 0; start = out.lastIndexOf('{', start - 1)) {
    if (start > 0 && out[start - 1] !== '\n') continue;
    try {
      return JSON.parse(out.slice(start)) as Record<string, unknown>;
    } catch {
      // not where a document starts (or not the whole rest): look further back
    }
  }
  throw new Error('no JSON document');
}

/** Runs one bench in its own process and keeps its JSON in bench/results/<bench>.json; `echo` prints it too. */
function runOne(bench: string, echo = false): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, bench, ...benchArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SYNCORE_BENCH_CHILD: '1' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (echo) process.stdout.write(chunk);
    });
    child.on('exit', async (code) => {
      try {
        const result = lastJsonDocument(out);
        // Every row of the table says when it was measured; a bench that prints no time gets the end of its run.
        result.at ??= new Date().toISOString();
        await fs.mkdir(RESULTS_DIR, { recursive: true });
        await fs.writeFile(path.join(RESULTS_DIR, `${bench}.json`), `${JSON.stringify(result, null, 2)}\n`);
      } catch {
        process.stderr.write(`[bench] ${bench} printed no JSON (exit ${code})\n`);
      }
      resolve(code ?? 1);
    });
  });
}

if (name === 'all') {
  const failed: string[] = [];
  for (const bench of benches) {
    process.stderr.write(`[bench] ${bench}\n`);
    if ((await runOne(bench)) !== 0) failed.push(bench);
  }
  writeTable();
  process.stderr.write(
    `[bench] table written to bench/results.md and README.md${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`,
  );
  process.exit(failed.length ? 1 : 0);
} else if (name === 'table') {
  writeTable();
} else if (!name || !benches.includes(name)) {
  console.error(`usage: npm run bench -- <name>|all|table\navailable: ${benches.join(', ') || '(none yet)'}`);
  process.exit(2);
} else if (process.env.SYNCORE_BENCH_CHILD) {
  process.argv.splice(2, 1);
  await import(path.join(import.meta.dirname, `${name}.bench.ts`));
} else {
  process.exitCode = await runOne(name, true);
}
