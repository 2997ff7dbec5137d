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

export interface HeldBooking {
  bookingId: string;
  hotelName: string;
  checkIn: string;
  checkOut: string;
  total: { amount: number; currency: string };
  expiresAt: string;
  /** The payment at the provider (its id), or null when the provider did not answer the request. */
  paymentId: string | null;
}

/**
 * The answer to a hold (HTML): the total, the expiry and how to pay. syncore has no checkout page of
 * its own: the payment waits at the provider, and the booking is confirmed by the provider's webhook.
 * With the payment simulator (npm start, test stages) the customer's "pay" step is its test-mode call
 * with the merchant key (docs/booking.md, the curl walk-through), spelled out here exactly.
 */
export function heldReply(held: HeldBooking, publicBaseUrl: string): string {
  const base = publicBaseUrl.replace(/\/$/, '');
  const cancel = `/cancel_${held.bookingId.replace(/-/g, '_')}`;
  const head = [
    `Held: ${escapeHtml(held.hotelName)}, ${held.checkIn} → ${held.checkOut}.`,
    `Total ${formatMoney(held.total)}, held until ${held.expiresAt}.`,
    '',
  ];
  const pay = held.paymentId
    ? [
        `How to pay: payment <code>${escapeHtml(held.paymentId)}</code> is open at the payment provider until then; ` +
          'the booking is confirmed as soon as the provider reports it paid.',
        'With the payment simulator (npm start or a test stage), pay it with:',
        `<code>curl -X POST ${escapeHtml(base)}/payment-provider/payments/${escapeHtml(held.paymentId)}/complete ` +
          `-H "authorization: Bearer $PAYMENT_PROVIDER_API_KEY" -H "content-type: application/json" ` +
          `-d '{"outcome":"succeeded"}'</code>`,
      ]
    : [
        'The payment provider did not answer, so there is no payment to make yet: the hold expires on its own. ' +
          `Cancel it with ${cancel} and try /book again in a moment.`,
      ];
  return [
    ...head,
    ...pay,
    '',
    `Status: /bookings (or GET ${escapeHtml(base)}/bookings/${held.bookingId} with your token). Cancel: ${cancel}`,
  ].join('\n');
}
