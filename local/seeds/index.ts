import type { Database } from '#platform/db/client';
import { seedBooking } from './booking.js';
import { seedCampaigns } from './campaigns.js';
import { seedMeetings } from './meetings.js';
import { seedOrders } from './orders.js';
import { seedProductService } from './product-service.js';

export interface SeedContext {
  db: Database;
  /** A status line on the runtime's output. */
  log: (line: string) => void;
}

/**
 * Returns extra banner lines (e.g. demo credentials), or [] when it has nothing to say.
 * Seeds run on EVERY `npm start`, after migrations and in this order, so each one must be idempotent:
 * insert with ON CONFLICT DO NOTHING, or check before writing.
 */
export type Seed = (ctx: SeedContext) => Promise<string[]>;

// Each bounded context appends its seed function here.
export const seeds: Seed[] = [seedBooking, seedOrders, seedProductService, seedCampaigns, seedMeetings];
