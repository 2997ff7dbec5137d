/**
 * `npm run invoke -- <functionKey> [event-json | @event-file.json]`: invokes a function of the running
 * stack through serverless-offline's Lambda API, as AWS would. Without an event, `schedule` functions get
 * an EventBridge "Scheduled Event" (or their configured `input`), others an empty object.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { dataDirFrom, REGION, SERVICE, STAGE } from './config.js';
import { lambdaInvoker } from './lambda.js';
import { StartupError } from './log.js';
import { type FunctionConfig, resolveServerlessConfig } from './resources.js';
import { isRuntimeRunning, readState } from './state.js';

export function scheduledEvent(functionKey: string): object {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:000000000000:rule/${SERVICE}-${STAGE}-${functionKey}`],
    detail: {},
  };
}

function defaultEvent(functionKey: string, fn: FunctionConfig): unknown {
  const schedule = fn.events?.find((event) => event.schedule)?.schedule as
    | { input?: unknown }
    | string
    | undefined;
  if (schedule === undefined) return {};
  return typeof schedule === 'object' && schedule.input !== undefined
    ? schedule.input
    : scheduledEvent(functionKey);
}

async function parseEvent(arg: string): Promise<unknown> {
  const text = arg.startsWith('@') ? await fs.readFile(arg.slice(1), 'utf8') : arg;
  try {
    return JSON.parse(text);
  } catch {
    throw new StartupError(`the event is not valid JSON: ${text.slice(0, 80)}`);
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' } },
  });
  const [functionKey, eventArg] = positionals;
  const dataDir = dataDirFrom(values['data-dir']);
  const state = await readState(dataDir);
  if (!state || !isRuntimeRunning(state)) {
    throw new StartupError(`the local stack is not running on ${dataDir}: start it with \`npm start\` first`);
  }
  const config = await resolveServerlessConfig();
  const fn = functionKey ? config.functions[functionKey] : undefined;
  if (!functionKey || !fn) {
    const known = Object.keys(config.functions).sort().join(', ');
    throw new StartupError(
      `${functionKey ? `unknown function "${functionKey}"` : 'usage: npm run invoke -- <function> [event-json]'}\navailable: ${known}`,
    );
  }
  const event = eventArg === undefined ? defaultEvent(functionKey, fn) : await parseEvent(eventArg);
  const lambda = lambdaInvoker(state.lambdaPort);
  try {
    const result = await lambda.invoke(functionKey, event);
    const output = JSON.stringify(result.payload ?? null, null, 2);
    if (result.functionError) {
      console.error(`${functionKey} failed (${result.functionError}):\n${output}`);
      process.exitCode = 1;
    } else console.log(output);
  } finally {
    lambda.close();
  }
}

await main().catch((error) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exitCode = 1;
});
