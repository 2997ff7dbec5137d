// bench/run.ts keeps every bench's JSON in bench/results/<bench>.json (git-ignored), which
// `npm run bench -- all` turns into bench/results.md (bench/support/table.ts).
import path from 'node:path';

export const RESULTS_DIR = path.join(import.meta.dirname, '../results');
