// CI, after `npm run package`: checks the packaged CloudFormation template for what operations rely on
// (docs/operations.md): every queue has a dead-letter queue, every SQS event source reads such a queue,
// and every alarm of resources/alarms.yml exists and notifies the alarms topic.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Alarm name suffixes (after `<service>-<stage>-`) that must be in every stage's template. */
export const REQUIRED_ALARMS = [
  'outbox-messages-set-aside',
  'outbox-sqs-unreachable',
  'notifications-dlq-not-empty',
  'payment-webhooks-dlq-not-empty',
  'http-5xx-rate',
  'lambda-errors',
  'lambda-throttles',
  'rds-connections',
];

export function checkTemplate(template: { Resources: Record<string, Resource> }): string[] {
  const problems: string[] = [];
  const resources = Object.entries(template.Resources);
  const queues = resources.filter(([, r]) => r.Type === 'AWS::SQS::Queue');
  const targetOf = (queue: Resource) =>
    (queue.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt'?: [string, string] } })
      ?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
  // A queue either has a dead-letter queue or is one (the redrive target of another queue).
  const dlqIds = new Set(queues.map(([, queue]) => targetOf(queue)).filter((id) => id !== undefined));
  for (const [id, queue] of queues) {
    if (!targetOf(queue) && !dlqIds.has(id)) problems.push(`queue ${id} has no dead-letter queue`);
  }
  const alarms = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
  for (const dlq of dlqIds) {
    const queue = template.Resources[dlq];
    if (!queue) {
      problems.push(`dead-letter queue ${dlq} is missing`);
      continue;
    }
    // Every DLQ is watched: an alarm on its visible messages (resources/alarms.yml, "<queue>-dlq-not-empty").
    const name = String(queue.Properties.QueueName);
    const watched = alarms.some(
      ([, alarm]) =>
        alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(alarm.Properties.Dimensions ?? []).includes(JSON.stringify(name)),
    );
    if (!watched) problems.push(`dead-letter queue ${dlq} (${name}) has no alarm`);
  }
  for (const [id, mapping] of resources.filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')) {
    const source = (mapping.Properties.EventSourceArn as { 'Fn::GetAtt'?: [string, string] })?.[
      'Fn::GetAtt'
    ]?.[0];
    const queue = source ? template.Resources[source] : undefined;
    if (queue?.Type === 'AWS::SQS::Queue' && !queue.Properties.RedrivePolicy) {
      problems.push(`event source ${id} reads ${source}, which has no dead-letter queue`);
    }
    if (
      queue?.Type === 'AWS::SQS::Queue' &&
      !(mapping.Properties.FunctionResponseTypes as string[] | undefined)?.includes('ReportBatchItemFailures')
    ) {
      problems.push(`event source ${id} does not report partial batch failures`);
    }
  }
  for (const suffix of REQUIRED_ALARMS) {
    const alarm = alarms.find(([, r]) => String(r.Properties.AlarmName).endsWith(`-${suffix}`));
    if (!alarm) problems.push(`alarm *-${suffix} is missing`);
    else if (!JSON.stringify(alarm[1].Properties.AlarmActions ?? []).includes('AlarmsTopic')) {
      problems.push(`alarm *-${suffix} does not notify the AlarmsTopic`);
    }
  }
  if (!template.Resources.AlarmsTopic) problems.push('the AlarmsTopic SNS topic is missing');
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.join(REPO_ROOT, '.serverless', 'cloudformation-template-update-stack.json');
  const problems = checkTemplate(JSON.parse(readFileSync(file, 'utf8')));
  if (problems.length > 0) {
    console.error(`template check failed (${file}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(
    `template check passed: every queue has a DLQ, ${REQUIRED_ALARMS.length} alarms notify the alarms topic`,
  );
}
