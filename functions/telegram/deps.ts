import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { ConversationStore, UpdateLedger } from './adapters/updates.store.js';

export interface TelegramDeps {
  db: Kysely<DB>;
  now?: () => Date;
}

export interface AgendaItem {
  kind: 'event' | 'meeting';
  title: string;
  /** Local date-time strings in the agenda's zone, as the calendar returns them. */
  startsAt: string;
  endsAt: string;
}

export interface UpcomingMeeting {
  meetingId: string;
  title: string;
  groupName: string;
  start: string;
  rsvpStatus: string;
}

export interface Offer {
  hotelId: string;
  hotelName: string;
  roomTypeId: string;
  roomTypeName: string;
  total: { amount: number; currency: string };
}

export interface Stay {
  checkIn: string;
  checkOut: string;
  guests: number;
}

export interface BookingSummary {
  id: string;
  checkIn: string;
  checkOut: string;
  guests: number;
  total: { amount: number; currency: string };
  status: string;
  expiresAt: string;
}

/** What the bot reads and does, each through the owning context's published contract. */
export interface BotServices {
  calendar: {
    agenda(userId: string, kind: 'day' | 'week'): Promise<{ timeZone: string; items: AgendaItem[] }>;
  };
  identity: { setTimeZone(userId: string, timeZone: string): Promise<void> };
  booking: {
    search(query: Stay & { city: string }): Promise<Offer[]>;
    hold(
      userId: string,
      offer: Offer,
      stay: Stay,
      idempotencyKey: string,
    ): Promise<{ booking: BookingSummary; paymentId: string | null }>;
    list(userId: string): Promise<BookingSummary[]>;
    cancel(userId: string, bookingId: string): Promise<BookingSummary>;
  };
  meetings: {
    upcoming(userId: string): Promise<UpcomingMeeting[]>;
    rsvp(
      userId: string,
      meetingId: string,
      occurrenceStart: string | undefined,
      answer: 'accepted' | 'tentative' | 'declined',
    ): Promise<void>;
  };
}

export interface BotDeps extends TelegramDeps {
  services: BotServices;
  conversations: ConversationStore;
  bot: { token: string; apiRoot: string; username: string; id: number };
  /** Where the user pays a held booking (shown after /book). */
  publicBaseUrl: string;
}

export interface WebhookDeps {
  ledger: UpdateLedger;
  secret: string;
  handleUpdate: (update: unknown) => Promise<void>;
}
