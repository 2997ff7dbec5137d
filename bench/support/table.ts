// The markdown table of the last results (bench/results/<bench>.json), generated from the JSON: the
// goals each bench states (value, goal, met) and every ratio it measured against its baselines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './results.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RATIO = /(^ratio|Ratio|^vs[A-Z]|Vs[A-Z]|overlap|Overlap|growth)/;

function leaves(value: Json, prefix: string, out: Array<[string, number]>): void {
  if (typeof value === 'number' && RATIO.test(prefix.split('.').pop() ?? '')) out.push([prefix, value]);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'goals' || key === 'perRound') continue;
      leaves(inner, prefix ? `${prefix}.${key}` : key, out);
    }
  }
}

export function resultsTable(): string {
  const files = existsSync(RESULTS_DIR)
    ? readdirSync(RESULTS_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const rows = ['| bench | measure | value | goal | met |', '|---|---|---|---|---|'];
  for (const file of files) {
    const result = JSON.parse(readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as Record<string, Json>;
    const at = typeof result.at === 'string' ? ` (${result.at.slice(0, 16).replace('T', ' ')} UTC)` : '';
    const name = `${String(result.bench ?? file.replace(/\.json$/, ''))}${at}`;
    const goals = (result.goals ?? {}) as Record<string, { value: Json; goal: string; met: boolean }>;
    for (const [key, goal] of Object.entries(goals)) {
      rows.push(
        `| ${name} | ${key} | ${goal.value ?? '—'} | ${goal.goal} | ${goal.met ? 'yes' : '**no**'} |`,
      );
    }
    const ratios: Array<[string, number]> = [];
    leaves(result, '', ratios);
    for (const [key, value] of ratios) rows.push(`| ${name} | ${key} | ${value} | | |`);
    if (Object.keys(goals).length === 0 && ratios.length === 0) rows.push(`| ${name} | (see JSON) | | | |`);
  }
  return rows.join('\n');
}
