import { DateTime } from 'luxon';
import type { Database } from '#platform/db/client';
import { insertClient } from '../../functions/campaigns/adapters/clients.repository.js';
import { insertMailing } from '../../functions/campaigns/adapters/mailings.repository.js';
import { parsePhone } from '../../functions/campaigns/domain/phone.js';
import { DEMO_CLIENT_EMAIL, DEMO_PASSWORD } from './booking.js';

// Same shape as Seed in ./index.ts (not imported from there, so the two files do not import each other).
type Seed = (ctx: { db: Database; log: (line: string) => void }) => Promise<string[]>;

const AUDIENCE: { phone: string; tag: string; timeZone: string }[] = [
  { phone: '+4915123400001', tag: 'vip', timeZone: 'Europe/Berlin' },
  { phone: '+4917612300002', tag: 'vip', timeZone: 'Europe/Berlin' },
  { phone: '+4915123400003', tag: 'newsletter', timeZone: 'Europe/Berlin' },
  { phone: '+12125550104', tag: 'vip', timeZone: 'America/New_York' },
  { phone: '+12125550105', tag: 'newsletter', timeZone: 'America/New_York' },
  { phone: '+819012345606', tag: 'vip', timeZone: 'Asia/Tokyo' },
  { phone: '+351912345607', tag: 'newsletter', timeZone: 'Europe/Lisbon' },
  { phone: '+79123456708', tag: 'vip', timeZone: 'Europe/Moscow' },
];

export const DEMO_MAILING_TEXT = 'syncore demo: our spring offers are online — reply STOP to opt out';

/**
 * A demo audience (eight clients, five zones, two tags) and one running mailing to the "vip" tag for
 * the booking seed's demo client, sent between 09:00 and 21:00 in each recipient's zone at 2 messages
 * a second through the sending API simulator. Idempotent: clients by phone, the mailing by its text.
 */
export const seedCampaigns: Seed = async (ctx) => {
  const owner = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', DEMO_CLIENT_EMAIL)
    .executeTakeFirst();
  if (!owner) return [];
  let added = 0;
  for (const client of AUDIENCE) {
    const phone = parsePhone(client.phone);
    if (!phone.ok) throw new Error(`demo phone ${client.phone} is invalid: ${phone.reason}`);
    const row = await insertClient(ctx.db, owner.id, {
      phone: phone.e164,
      operatorCode: phone.operatorCode,
      tag: client.tag,
      timeZone: client.timeZone,
    });
    if (row) added += 1;
  }
  const existing = await ctx.db
    .selectFrom('campaign_mailings')
    .select('id')
    .where('owner_id', '=', owner.id)
    .where('text', '=', DEMO_MAILING_TEXT)
    .executeTakeFirst();
  if (!existing) {
    const now = DateTime.utc();
    await insertMailing(ctx.db, owner.id, {
      text: DEMO_MAILING_TEXT,
      startsAt: now.toJSDate(),
      endsAt: now.plus({ days: 7 }).toJSDate(),
      tags: ['vip'],
      operatorCodes: [],
      window: { start: '09:00', end: '21:00' },
      ratePerSecond: 2,
    });
  }
  if (added > 0 || !existing)
    ctx.log(`campaigns: seeded ${added} demo clients${existing ? '' : ' and a demo mailing'}`);
  return [
    `campaigns demo:        ${DEMO_CLIENT_EMAIL} / ${DEMO_PASSWORD} owns ${AUDIENCE.length} clients and a mailing`,
  ];
};
