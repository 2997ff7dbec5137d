/** Telegram's message limit (characters after entity parsing). */
export const MAX_MESSAGE = 4096;

export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits a long text into messages at line breaks, each within the limit (a single huge line is cut). */
export function splitMessage(text: string, limit = MAX_MESSAGE): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
    if (current && current.length + 1 + piece.length > limit) {
      parts.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts.length > 0 ? parts : [''];
}

export const formatMoney = ({ amount, currency }: { amount: number; currency: string }) =>
  `${(amount / 100).toFixed(2)} ${currency}`;

export const HELP = [
  'Commands:',
  '/today – your events and meetings today',
  '/week – this week',
  '/meetings – upcoming meetings with Accept / Maybe / Decline',
  '/tz Europe/Berlin – set your time zone',
  '/book – book a hotel room',
  '/bookings – your bookings',
  '/cancel_<id> – cancel a hold',
  '/unlink – disconnect this chat from your account',
].join('\n');

export const HOW_TO_LINK =
  'This chat is not linked to a syncore account. In the app (or with POST /me/telegram/link) get a link, ' +
  'open it, and press Start — or send /start <code>.';
