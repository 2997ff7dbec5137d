/** Which stages carry the payment provider simulator: opt-in per stage, never next to a real provider. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const SIMULATOR_FUNCTIONS = ['providerCreatePayment', 'providerCompletePayment', 'providerDeliverWebhook'];

/** serverless.yml as `serverless print` resolves it for a stage (the way a deploy would see it). */
async function resolved(stage: string, env: Record<string, string> = {}) {
  const { PAYMENT_PROVIDER_URL: _ignored, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/serverless/bin/serverless.js'),
      'print',
      '--format',
      'json',
      '--stage',
      stage,
    ],
    {
      cwd: repoRoot,
      env: { ...inherited, ...env, SYNCORE_PLUGINS: 'offline', SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  const config = JSON.parse(stdout) as {
    functions: Record<string, { environment?: Record<string, string> }>;
  };
  return {
    simulator: SIMULATOR_FUNCTIONS.filter((name) => name in config.functions),
    bookingSeesSimulator: config.functions.createBooking?.environment?.PAYMENT_SIMULATOR,
  };
}

describe('deploying the payment provider simulator', () => {
  it('is on for the local stage only, and off on any stage once PAYMENT_PROVIDER_URL is set', async () => {
    expect(await resolved('local')).toEqual({ simulator: SIMULATOR_FUNCTIONS, bookingSeesSimulator: 'true' });
    expect(await resolved('staging')).toEqual({ simulator: [], bookingSeesSimulator: 'false' });
    expect(await resolved('prod')).toEqual({ simulator: [], bookingSeesSimulator: 'false' });
    expect(await resolved('local', { PAYMENT_PROVIDER_URL: 'https://payments.example.com/v1' })).toEqual({
      simulator: [],
      bookingSeesSimulator: 'false',
    });
  });
});
