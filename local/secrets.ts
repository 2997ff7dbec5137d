import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Secrets the handlers need; generated once per data dir so tokens and signatures survive restarts. */
const GENERATED = [
  'JWT_SECRET',
  'PAYMENT_WEBHOOK_SECRET',
  'TELEGRAM_WEBHOOK_SECRET',
  'PRODUCT_SERVICE_TOKEN',
  'SENDING_API_TOKEN',
] as const;

export async function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'secrets.json');
  const stored = JSON.parse(await fs.readFile(file, 'utf8').catch(() => '{}')) as Record<string, string>;
  let changed = false;
  for (const name of GENERATED) {
    if (stored[name]) continue;
    stored[name] = randomBytes(32).toString('base64url');
    changed = true;
  }
  if (changed) await fs.writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  // A value set in the environment always wins over the generated one.
  return Object.fromEntries(GENERATED.map((name) => [name, env[name] || stored[name]!]));
}
