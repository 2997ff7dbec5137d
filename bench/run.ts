// `npm run bench -- <name> [args]` runs bench/<name>.ts, which prints one JSON document to stdout.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const benches = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const name = process.argv[2];
if (!name || !benches.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${benches.join(', ') || '(none yet)'}`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(path.join(import.meta.dirname, `${name}.bench.ts`));
