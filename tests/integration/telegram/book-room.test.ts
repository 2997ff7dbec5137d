import { getDb } from '#platform/db/index';
import { createTelegramLink } from '../../../functions/telegram/create-telegram-link.js';
import { hotelWithRooms, inDays } from '../../support/booking.js';
import { type BotHarness, chat, linkedChat, newChatId, startBotHarness } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

const linkedConversation = (userId: string) => linkedChat(harness.fake, userId);

/** /book through to the offers; returns the offers message. */
async function offersFor(
  conversation: ReturnType<typeof chat>,
  city: string,
  checkIn: string,
  checkOut: string,
  guests: number,
) {
  await conversation.send('/book');
  await conversation.send(city);
  await conversation.send(checkIn);
  await conversation.send(checkOut);
  const offers = (await conversation.send(String(guests))).events[0]!;
  expect(offers.text).toBe('Offers:');
  return offers;
}

/** Presses an offer; returns its "Hold it?" message. */
async function pressOffer(
  conversation: ReturnType<typeof chat>,
  offers: { messageId?: number; buttons?: { callback_data?: string }[][] },
) {
  const pressed = await conversation.press(offers.messageId!, offers.buttons![0]![0]!.callback_data!);
  expect(pressed.status).toBe(200);
  return pressed.events.find((event) => event.kind === 'message')!;
}

/** A client's hold made in the chat, then /bookings: the conversation and the list message. */
async function aHoldListed() {
  const owner = await createTestUser({ role: 'hotelier' });
  const { hotel } = await hotelWithRooms(owner, { rooms: 1 });
  const client = await createTestUser();
  const conversation = await linkedConversation(client.id);
  const confirm = await pressOffer(
    conversation,
    await offersFor(conversation, hotel.city, inDays(10), inDays(12), 1),
  );
  await conversation.press(confirm.messageId!, confirm.buttons![0]![0]!.callback_data!);
  const listed = (await conversation.send('/bookings')).events[0]!;
  return { client, conversation, listed };
}

describe('/book in Telegram', () => {
  it('walks city → dates → guests → offers → confirm to a real hold, once however often confirm is pressed', async () => {
    const owner = await createTestUser({ role: 'hotelier' });
    const { hotel } = await hotelWithRooms(owner, { rooms: 2, basePrice: 12_000 });
    const client = await createTestUser();
    const db = await getDb();
    const { code } = await createTelegramLink(
      { db },
      { id: client.id, role: 'client' },
      { botUsername: 'b', minutes: 10 },
    );
    const chatId = newChatId();
    const conversation = chat(harness.fake, chatId);
    await conversation.send(`/start ${code}`);

    expect((await conversation.send('/book')).events[0]?.text).toBe('Which city?');
    expect((await conversation.send(hotel.city)).events[0]?.text).toMatch(/Check-in/);
    expect((await conversation.send('tomorrow')).events[0]?.text).toMatch(/YYYY-MM-DD/);
    await conversation.send(inDays(10));
    expect((await conversation.send(inDays(9))).events[0]?.text).toMatch(/after check-in/);
    await conversation.send(inDays(12));
    const offers = await conversation.send('2');
    const offerMessage = offers.events[0]!;
    expect(offerMessage.buttons?.[0]?.[0]?.text).toMatch(/240\.00 EUR/);

    const confirm = await conversation.press(
      offerMessage.messageId!,
      offerMessage.buttons![0]![0]!.callback_data!,
    );
    const confirmMessage = confirm.events.find((event) => event.kind === 'message')!;
    expect(confirmMessage.text).toMatch(/Total 240\.00 EUR\. Hold it\?/);
    const confirmData = confirmMessage.buttons![0]![0]!.callback_data!;

    const held = await conversation.press(confirmMessage.messageId!, confirmData);
    expect(held.events.find((event) => event.kind === 'message')?.text).toMatch(
      /Held: .*Total 240\.00 EUR, held until/s,
    );
    // Pressed again (a double tap): the conversation is over, nothing more is held.
    expect((await conversation.press(confirmMessage.messageId!, confirmData)).status).toBe(200);
    const bookings = await db.selectFrom('bookings').selectAll().where('client_id', '=', client.id).execute();
    expect(bookings).toHaveLength(1);
    expect(bookings[0]?.status).toBe('pending_payment');

    const listed = await conversation.send('/bookings');
    expect(listed.events[0]?.text).toMatch(/pending_payment/);
    const cancelButton = listed.events[0]!.buttons![0]![0]!;
    const cancelled = await conversation.press(listed.events[0]!.messageId!, cancelButton.callback_data!);
    expect(cancelled.events.find((event) => event.kind === 'message')?.text).toMatch(/is cancelled/);
  });
});

describe('a refusal of the booking context', () => {
  it('is told to the user, not retried', async () => {
    const client = await createTestUser();
    const db = await getDb();
    const { code } = await createTelegramLink(
      { db },
      { id: client.id, role: 'client' },
      { botUsername: 'b', minutes: 10 },
    );
    const conversation = chat(harness.fake, newChatId());
    await conversation.send(`/start ${code}`);
    const answer = await conversation.send('/cancel_00000000_0000_4000_8000_000000000000');
    expect(answer.status).toBe(200);
    expect(answer.events[0]?.text).toMatch(/^Sorry: /);
  });
});

describe('a button of an earlier /book', () => {
  it('holds nothing ("That offer is gone") and leaves the current /book alone', async () => {
    const owner = await createTestUser({ role: 'hotelier' });
    const a = await hotelWithRooms(owner, { rooms: 1, basePrice: 10_000 });
    const b = await hotelWithRooms(owner, { rooms: 1, basePrice: 55_500 });
    const client = await createTestUser();
    const db = await getDb();
    const conversation = await linkedConversation(client.id);

    const confirmA = await pressOffer(
      conversation,
      await offersFor(conversation, a.hotel.city, inDays(10), inDays(12), 1),
    );
    expect(confirmA.text).toContain(a.hotel.name);
    const offersB = await offersFor(conversation, b.hotel.city, inDays(20), inDays(25), 2);

    // The first conversation's Confirm, Cancel and offer buttons: answered, nothing held.
    for (const [messageId, data] of [
      [confirmA.messageId!, confirmA.buttons![0]![0]!.callback_data!],
      [confirmA.messageId!, confirmA.buttons![0]![1]!.callback_data!],
    ] as const) {
      const pressed = await conversation.press(messageId, data);
      expect(pressed.status).toBe(200);
      expect(pressed.events).toEqual([
        expect.objectContaining({
          kind: 'callback_answer',
          text: 'That offer is gone; start again with /book',
        }),
      ]);
    }
    // A button in the format of before (no conversation named) is gone too.
    const legacy = await conversation.press(confirmA.messageId!, 'book:c:0');
    expect(legacy.status).toBe(200);
    expect(legacy.events.map((event) => event.text)).toEqual(['That offer is gone; start again with /book']);
    expect(await db.selectFrom('bookings').select('id').where('client_id', '=', client.id).execute()).toEqual(
      [],
    );

    // The current conversation still holds its own offer.
    const confirmB = await pressOffer(conversation, offersB);
    expect(confirmB.text).toContain(b.hotel.name);
    const held = await conversation.press(confirmB.messageId!, confirmB.buttons![0]![0]!.callback_data!);
    expect(held.events.find((event) => event.kind === 'message')?.text).toMatch(/^Held: /);
    const bookings = await db
      .selectFrom('bookings')
      .select(['hotel_id', 'check_in', 'check_out', 'guests'])
      .where('client_id', '=', client.id)
      .execute();
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ hotel_id: b.hotel.id, guests: 2 });
  });
});

describe('Cancel hold pressed on a hold that is no longer held', () => {
  it('answers the press and says "Sorry: …" with a 200 (the press is answered once)', async () => {
    const { conversation, listed } = await aHoldListed();
    const cancelData = listed.buttons![0]![0]!.callback_data!;

    const first = await conversation.press(listed.messageId!, cancelData);
    expect(first.status).toBe(200);
    expect(first.events.find((event) => event.kind === 'message')?.text).toMatch(/is cancelled\.$/);

    const again = await conversation.press(listed.messageId!, cancelData);
    expect(again.status).toBe(200);
    expect(again.events.map((event) => event.kind)).toEqual(['callback_answer', 'message']);
    expect(again.events[1]?.text).toMatch(/^Sorry: /);
  });

  it('a redelivered press whose answer went through (the reply failed) is processed, not 503 forever', async () => {
    const db = await getDb();
    const { client, conversation, listed } = await aHoldListed();

    // The press is answered, then the reply is refused (429): 503, Telegram delivers the update again.
    harness.fake.knobs.rateLimit = { count: 1, retryAfter: 1 };
    const failed = await conversation.press(listed.messageId!, listed.buttons![0]![0]!.callback_data!);
    harness.fake.knobs.rateLimit = undefined;
    expect(failed.status).toBe(503);
    expect(failed.events.map((event) => event.kind)).toEqual(['callback_answer']);
    const update = harness.received.at(-1)!;
    expect(update.callback_query).toBeDefined();

    // Redelivered: the query was answered already (Telegram refuses a second answer); the update goes through.
    const seen = harness.fake.events.at(-1)?.seq ?? 0;
    expect(await harness.fake.deliver(update)).toBe(200);
    const chatId = (update.callback_query as { from: { id: number } }).from.id;
    const texts = harness.fake.messagesTo(chatId, seen).map((event) => event.text);
    // The hold was cancelled by the first delivery; the redelivery is told so.
    expect(texts).toEqual([expect.stringMatching(/^Sorry: .*cancelled/)]);
    const [booking] = await db
      .selectFrom('bookings')
      .select('status')
      .where('client_id', '=', client.id)
      .execute();
    expect(booking?.status).toBe('cancelled');
  });
});
