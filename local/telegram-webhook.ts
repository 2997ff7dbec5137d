/**
 * `npm run telegram:webhook -- <public https url>`: registers the webhook of a real bot
 * (TELEGRAM_BOT_TOKEN) with the secret token (TELEGRAM_WEBHOOK_SECRET, else the one `npm start`
 * generated) and the updates the bot handles. The URL is the API's base or the full /telegram/webhook.
 */
import { dataDirFrom } from './config.js';
import { loadSecrets } from './secrets.js';

const target = process.argv[2];
const token = process.env.TELEGRAM_BOT_TOKEN;
if (!target || !token) {
  console.error('usage: TELEGRAM_BOT_TOKEN=<token> npm run telegram:webhook -- https://<public host>');
  process.exit(1);
}
const url = target.endsWith('/telegram/webhook') ? target : `${target.replace(/\/$/, '')}/telegram/webhook`;
const { TELEGRAM_WEBHOOK_SECRET } = await loadSecrets(dataDirFrom(undefined), process.env);
const apiRoot = process.env.TELEGRAM_API_ROOT || 'https://api.telegram.org';
const response = await fetch(`${apiRoot}/bot${token}/setWebhook`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    url,
    secret_token: TELEGRAM_WEBHOOK_SECRET,
    allowed_updates: ['message', 'callback_query'],
    drop_pending_updates: false,
  }),
});
const answer = (await response.json()) as { ok: boolean; description?: string };
console.log(answer.ok ? `webhook set: ${url}` : `setWebhook failed: ${answer.description}`);
process.exit(answer.ok ? 0 : 1);
