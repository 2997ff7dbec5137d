import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the telegram context. The notifications context asks it where to send a
 * user's messages (findTelegramChat) and tells it when Telegram says the user blocked the bot
 * (unlinkTelegramChat). Chat ids travel as strings (they exceed 2^31 and may exceed 2^53 one day).
 */
export const FindTelegramChat = syncContract({
  functionKey: 'findTelegramChatContract',
  request: z.strictObject({ userId: z.uuid() }),
  response: z.object({ chatId: z.string().nullable() }),
});

/** findTelegramChat for many users at once (a batch of deliveries): only linked users are listed. */
export const FindTelegramChats = syncContract({
  functionKey: 'findTelegramChatsContract',
  request: z.strictObject({ userIds: z.array(z.uuid()).min(1).max(100) }),
  response: z.object({ chats: z.array(z.object({ userId: z.uuid(), chatId: z.string() })) }),
});

export const UnlinkTelegramChat = syncContract({
  functionKey: 'unlinkTelegramChatContract',
  request: z.strictObject({ userId: z.uuid(), chatId: z.string(), reason: z.string().max(200) }),
  response: z.object({ unlinked: z.boolean() }),
});

/** Inline buttons' callback data (≤ 64 bytes): `rsvp:<a|t|d>:<meetingId>[:<occurrence epoch seconds>]`. */
export const RSVP_ANSWERS = { a: 'accepted', t: 'tentative', d: 'declined' } as const;

export function rsvpKeyboard(meetingId: string, occurrenceStart?: string) {
  const at = occurrenceStart ? `:${Math.floor(Date.parse(occurrenceStart) / 1000)}` : '';
  return [
    [
      { text: 'Accept', callback_data: `rsvp:a:${meetingId}${at}` },
      { text: 'Maybe', callback_data: `rsvp:t:${meetingId}${at}` },
      { text: 'Decline', callback_data: `rsvp:d:${meetingId}${at}` },
    ],
  ];
}
