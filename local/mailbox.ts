/**
 * `npm run mailbox`: prints the mails the local catch-all SMTP server (started by `npm start` when
 * SMTP_URL is unset) received, oldest first. --data-dir DIR for another stack.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAILBOX_FILE } from './channels.js';
import { dataDirFrom } from './config.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const file = path.join(dataDirFrom(values['data-dir']), MAILBOX_FILE);
const lines = (await fs.readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
if (lines.length === 0) console.log(`No mail yet (${file}).`);
for (const line of lines) {
  const mail = JSON.parse(line) as { at: string; from: string | null; to: string[]; raw: string };
  const [head = '', ...body] = mail.raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  console.log(
    `${mail.at}  ${mail.from ?? '?'} → ${mail.to.join(', ')}\n  Subject: ${subject}\n  ${body.join('\n').trim().replace(/\n/g, '\n  ')}\n`,
  );
}
