// Every bench's JSON also goes to bench/results/<bench>.json (git-ignored), which `npm run bench -- all`
// turns into bench/results.md (bench/support/table.ts).
import fs from 'node:fs/promises';
import path from 'node:path';

export const RESULTS_DIR = path.join(import.meta.dirname, '../results');

export async function writeResult(result: { bench: string; at?: string }): Promise<void> {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const stamped = { ...result, at: result.at ?? new Date().toISOString() };
  await fs.writeFile(path.join(RESULTS_DIR, `${result.bench}.json`), `${JSON.stringify(stamped, null, 2)}\n`);
}
