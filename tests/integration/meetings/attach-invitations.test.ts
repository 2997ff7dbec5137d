/** Pending invitations by e-mail attach when identity announces the registration (user-registered queue). */
import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sqsClient } from '#platform/aws/clients';
import { queueUrl } from '#platform/messaging/queues';
import { handler as register } from '../../../functions/identity/handlers/http/register.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { handler as attachInvitations } from '../../../functions/meetings/handlers/sqs/attach-invitations.js';
import { listMembers } from '../../../functions/meetings/list-members.js';
import { AddMemberBody } from '../../../functions/meetings/schemas.js';
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
  it('become memberships when the address registers, once however often the message comes', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const group = await createGroup(t.deps, actor(owner), { name: 'Invites' });
    const email = `later-${randomUUID()}@example.test`;
    // As the handler gets it: the schema lower-cases the address.
    const input = AddMemberBody.parse({ email: email.toUpperCase(), role: 'admin' });
    const invited = await addMember(t.deps, actor(owner), group.id, input);
    expect(invited).toMatchObject({ status: 'invited', invitation: { email, role: 'admin' } });
    expect((await listMembers(t.deps, actor(owner), group.id)).pendingInvitations).toEqual([
      expect.objectContaining({ email, role: 'admin' }),
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
    expect(members.members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [email, 'admin'],
    ]);
    // A message that breaks the contract fails alone (and would reach the DLQ after retries).
    const poison = await attachInvitations(
      { Records: [record('{"type":"nope"}')] },
      lambdaContext('attachInvitations'),
    );
    expect(poison.batchItemFailures).toHaveLength(1);
    await t.dispose();
  });
});
