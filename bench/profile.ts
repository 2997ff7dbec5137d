// `npm run profile -- <week|me|post-event> [--seconds 10] [--connections 10] [--top 25]`
// Profile first (issue 14): starts the local runtime with `node --cpu-prof` on its serverless-offline
// process (SYNCORE_OFFLINE_NODE_ARGS), seeds the benches' week (bench/support/week.ts), loads one route
// from a separate process, stops the runtime (the profile is written on exit) and prints the self time
// by package and by frame of the load's window only (start-up and seeding left out), plus the load's
// req/s. The .cpuprofile is kept: open it in Chrome DevTools (Performance) or speedscope.
import fs, { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../local/config.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { type CpuProfile, selfTime } from './support/cpu-profile.js';
import { type LoadOptions, loadFrom } from './support/load.js';
import { seedWeek, WEEK, WRITE_BODY, ZONE } from './support/week.js';

const ROUTES = ['week', 'me', 'post-event'] as const;
type Route = (typeof ROUTES)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '25' },
  },
});
const route = positionals[0] as Route;
if (!ROUTES.includes(route)) {
  console.error(
    `usage: npm run profile -- <${ROUTES.join('|')}> [--seconds 10] [--connections 10] [--top 25]`,
  );
  process.exit(2);
}
const progress = (line: string) => process.stderr.write(`[profile] ${line}\n`);

const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-profile-'));
await fs.chmod(workDir, 0o755);
const profileDir = path.join(workDir, 'cpu');
process.env.SYNCORE_OFFLINE_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profileDir}`;
progress('starting the local runtime with --cpu-prof on serverless-offline');
const stack = await startStack({ dataDir: path.join(workDir, 'data') });
let load: Awaited<ReturnType<typeof loadFrom>>;
let window: { fromUs: number; toUs: number };
try {
  const { auth, json } = await seedWeek(stack.baseUrl);
  const options: Record<Route, LoadOptions> = {
    week: { url: `${stack.baseUrl}/events/week/${WEEK}?tz=${ZONE}`, headers: auth, seconds: 0 },
    me: { url: `${stack.baseUrl}/me`, headers: auth, seconds: 0 },
    'post-event': {
      url: `${stack.baseUrl}/events`,
      method: 'POST',
      headers: { ...auth, ...json },
      body: WRITE_BODY,
      okStatus: 201,
      seconds: 0,
    },
  };
  // Warm the route (first calls compile and connect), then the measured load.
  await loadFrom({ ...options[route], seconds: 1 });
  progress(`${route}: ${values.connections} connections for ${values.seconds} s`);
  // The profile's clock is the machine's monotonic clock, as process.hrtime here.
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  load = await loadFrom({
    ...options[route],
    seconds: Number(values.seconds),
    connections: Number(values.connections),
  });
  window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
} finally {
  await disposeStack(stack);
}

const files = (await readdir(profileDir)).filter((file) => file.endsWith('.cpuprofile'));
// serverless-offline's main thread writes the largest profile (its worker threads' are small).
const sizes = await Promise.all(files.map(async (file) => (await fs.stat(path.join(profileDir, file))).size));
const main = files[sizes.indexOf(Math.max(...sizes))];
if (!main) throw new Error(`no CPU profile was written to ${profileDir}`);
const profileFile = path.join(profileDir, main);
const profile = JSON.parse(await readFile(profileFile, 'utf8')) as CpuProfile;
const result = selfTime(profile, REPO_ROOT, window, Number(values.top));
const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(
  [
    `${route}: ${load.reqPerSec} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.errors} errors`,
    `profile: ${profileFile}`,
    `window: ${result.totalMs.toFixed(0)} ms sampled, idle ${percent(result.idleShare)}`,
    '',
    'self time by package:',
    ...result.byPackage.map(([name, share]) => `${percent(share)}  ${name}`),
    '',
    'self time by frame:',
    ...result.byFrame.map(([name, share]) => `${percent(share)}  ${name}`),
    '',
  ].join('\n'),
);
