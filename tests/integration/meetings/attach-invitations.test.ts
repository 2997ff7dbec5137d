/**
 * Pending invitations by e-mail attach when identity announces the registration (user-registered
 * queue), always as a plain member: registering an address does not prove it is yours, so the role
 * offered is granted only by a manager's explicit promotion. Only owners and admins see the addresses.
 */
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sqsClient } from '#platform/aws/clients';
import { queueUrl } from '#platform/messaging/queues';
import { UserRegistered } from '../../../functions/identity/contract.js';
import { handler as register } from '../../../functions/identity/handlers/http/register.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { attachInvitations as attach } from '../../../functions/meetings/attach-invitations.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { handler as addMemberHttp } from '../../../functions/meetings/handlers/http/add-member.js';
import { handler as getGroupHttp } from '../../../functions/meetings/handlers/http/get-group.js';
import { handler as updateMemberHttp } from '../../../functions/meetings/handlers/http/update-member.js';
import { handler as attachInvitations } from '../../../functions/meetings/handlers/sqs/attach-invitations.js';
import { listMembers } from '../../../functions/meetings/list-members.js';
import { AddMemberBody, MembersView } from '../../../functions/meetings/schemas.js';
import { callHttp, lambdaContext } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const record = (body: string): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: 'r',
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '0',
    SenderId: 't',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:user-registered',
  awsRegion: 'eu-central-1',
});

/**
 * identity's announcement for this address, taken off the real queue. Nothing consumes that queue in
 * the test run and every test's sign-up lands there, so it is drained (deleted) until this one shows up.
 */
async function announcementFor(email: string): Promise<string> {
  const url = await queueUrl('user-registered');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length > 0) {
      await sqsClient().send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
    const mine = Messages.find((message) => JSON.parse(message.Body as string).email === email);
    if (mine) return mine.Body as string;
  }
  throw new Error(`no user.registered for ${email}`);
}

describe('pending invitations', () => {
  it('become memberships as member when the address registers, once however often the message comes', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const group = await createGroup(t.deps, actor(owner), { name: 'Invites' });
    const email = `later-${randomUUID()}@example.test`;
    // As the handler gets it: the schema lower-cases the address.
    const input = AddMemberBody.parse({ email: email.toUpperCase(), role: 'admin' });
    const invited = await addMember(t.deps, actor(owner), group.id, input);
    expect(invited).toMatchObject({
      status: 'invited',
      invitation: { email, role: 'admin', joinsAs: 'member' },
    });
    expect((await listMembers(t.deps, actor(owner), group.id)).pendingInvitations).toEqual([
      expect.objectContaining({ email, role: 'admin', joinsAs: 'member' }),
    ]);

    const signedUp = await callHttp(register, {
      method: 'POST',
      body: { email, password: 'correct horse battery staple', name: 'Later' },
    });
    expect(signedUp.status).toBe(201);
    const body = await announcementFor(email);
    expect(JSON.parse(body)).toMatchObject({ type: 'user.registered', userId: signedUp.body.user.id, email });

    for (let delivery = 0; delivery < 2; delivery++) {
      const result = await attachInvitations({ Records: [record(body)] }, lambdaContext('attachInvitations'));
      expect(result.batchItemFailures).toEqual([]);
    }
    const members = await listMembers(t.deps, actor(owner), group.id);
    expect(members.pendingInvitations).toEqual([]);
    // Offered admin, joined as member: whoever registered the address has not shown it is theirs.
    expect(members.members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [email, 'member'],
    ]);
    // A message that breaks the contract fails alone (and would reach the DLQ after retries).
    const poison = await attachInvitations(
      { Records: [record('{"type":"nope"}')] },
      lambdaContext('attachInvitations'),
    );
    expect(poison.batchItemFailures).toHaveLength(1);
    await t.dispose();
  });

  it('cannot be claimed for more than membership, and plain members do not see the addresses', async () => {
    const t = await meetingsTestDeps();
    const [owner, admin, bo] = await Promise.all([
      createTestUser({ name: 'Ada' }),
      createTestUser({ name: 'Al' }),
      createTestUser({ name: 'Bo' }),
    ]);
    const { id: groupId } = await createGroup(t.deps, actor(owner), { name: 'Corp' });
    const add = (by: { id: string }, email: string, role: 'admin' | 'member' = 'member') =>
      addMember(t.deps, actor(by), groupId, { email, role });
    expect((await add(owner, admin.email, 'admin')).status).toBe('added');
    expect((await add(owner, bo.email)).status).toBe('added');
    const boss = `boss-${randomUUID()}@corp.example`;
    expect(await add(owner, boss, 'admin')).toEqual({
      status: 'invited',
      invitation: { email: boss, role: 'admin', joinsAs: 'member', invitedAt: expect.any(String) },
    });

    // Owners and admins see the pending address; a plain member sees the members only.
    const membersSeenBy = async (user: { id: string }) =>
      MembersView.parse(await listMembers(t.deps, actor(user), groupId));
    for (const manager of [owner, admin]) {
      expect((await membersSeenBy(manager)).pendingInvitations?.map((i) => i.email)).toEqual([boss]);
    }
    const seenByBo = await membersSeenBy(bo);
    expect(seenByBo.members).toHaveLength(3);
    expect(seenByBo).not.toHaveProperty('pendingInvitations');
    expect(JSON.stringify(seenByBo)).not.toContain(boss);

    // Anyone (here Bo, who might have guessed it) registers the address with a password of their own.
    const claimed = await callHttp(register, {
      method: 'POST',
      body: { email: boss, password: 'any password at all', name: 'The Boss' },
    });
    expect(claimed.status).toBe(201);
    const message = UserRegistered.parse(JSON.parse(await announcementFor(boss)));
    expect(await attach(t.deps, message)).toEqual({ attached: 1 });
    const bossToken = claimed.body.token as string;
    const bossId = claimed.body.user.id as string;

    // A member, not the admin offered: no managing the group (over the HTTP handlers).
    const group = await callHttp(getGroupHttp, { token: bossToken, params: { id: groupId } });
    expect([group.status, group.body.myRole]).toEqual([200, 'member']);
    const attempt = await callHttp(addMemberHttp, {
      method: 'POST',
      token: bossToken,
      params: { id: groupId },
      body: { email: `x-${randomUUID()}@corp.example`, role: 'admin' },
    });
    expect([attempt.status, attempt.body.code]).toEqual([403, 'MEETINGS.NOT_ALLOWED']);
    expect(await membersSeenBy({ id: bossId })).not.toHaveProperty('pendingInvitations');

    // The inviter is told who joined and what they had offered; the new member that they joined as member.
    expect((await t.notifications(owner.id)).map((n) => [n.type, n.data])).toEqual([
      [
        'meetings.invitation_attached',
        { groupId, userId: bossId, email: boss, role: 'member', offeredRole: 'admin' },
      ],
    ]);
    expect((await t.notifications(bossId)).map((n) => [n.type, n.data])).toEqual([
      ['meetings.member_added', { groupId, role: 'member' }],
    ]);

    // Once the owner knows it is the person they meant, they promote them explicitly.
    const promoted = await callHttp(updateMemberHttp, {
      method: 'PATCH',
      token: owner.token,
      params: { id: groupId, userId: bossId },
      body: { role: 'admin' },
    });
    expect([promoted.status, promoted.body.role]).toEqual([200, 'admin']);
    expect((await add({ id: bossId }, `y-${randomUUID()}@corp.example`)).status).toBe('invited');
    await t.dispose();
  });
});
