import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { listAttendees } from '../../../functions/meetings/list-attendees.js';
import { type BotHarness, linkedChat, startBotHarness } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from '../meetings/support.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

describe('/meetings and the RSVP buttons', () => {
  it('records the answer, answers the callback and edits the message to show the choice', async () => {
    const t = await meetingsTestDeps();
    try {
      const owner = await createTestUser();
      const member = await createTestUser();
      const group = await createGroup(t.deps, actor(owner), { name: 'Team' });
      await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
      const meeting = await createMeeting(t.deps, actor(owner), group.id, {
        title: 'Planning',
        // Meetings start on whole minutes (the button carries the occurrence in epoch seconds).
        startsAt: new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 60_000) * 60_000).toISOString(),
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
      });
      const conversation = await linkedChat(harness.fake, member.id);

      const listed = await conversation.send('/meetings');
      const invitation = listed.events.find((event) => event.text?.includes('Planning'))!;
      const accept = invitation.buttons![0]![0]!;
      expect(accept.text).toBe('Accept');
      const pressed = await conversation.press(invitation.messageId!, accept.callback_data!);
      expect(pressed.status).toBe(200);
      expect(pressed.events.find((event) => event.kind === 'callback_answer')?.text).toBe('Accepted ✓');
      expect(pressed.events.find((event) => event.kind === 'edit')?.text).toContain('You answered: Accepted');
      const attendees = await listAttendees(t.deps, actor(owner), meeting.id);
      expect(JSON.stringify(attendees)).toContain('accepted');

      // The same button again (Telegram refuses an edit that changes nothing): answered, 200, no edit.
      const again = await conversation.press(invitation.messageId!, accept.callback_data!);
      expect(again.status).toBe(200);
      expect(again.events).toEqual([
        expect.objectContaining({ kind: 'callback_answer', text: 'Accepted ✓' }),
      ]);
      // Another answer still edits the message.
      const decline = invitation.buttons![0]![2]!;
      const declined = await conversation.press(invitation.messageId!, decline.callback_data!);
      expect(declined.status).toBe(200);
      expect(declined.events.find((event) => event.kind === 'edit')?.text).toContain(
        'You answered: Declined',
      );
    } finally {
      await t.dispose();
    }
  });
});
