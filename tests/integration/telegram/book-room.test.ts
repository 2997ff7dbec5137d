import { getDb } from '#platform/db/index';
import { createTelegramLink } from '../../../functions/telegram/create-telegram-link.js';
import { hotelWithRooms, inDays } from '../../support/booking.js';
import { type BotHarness, chat, newChatId, startBotHarness } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

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
