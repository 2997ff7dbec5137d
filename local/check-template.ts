// CI, after `npm run package`: checks the packaged CloudFormation template for what operations rely on
// (docs/operations.md): every queue has a dead-letter queue, every SQS event source reads such a queue,
// every scheduled function has an on-failure destination (an invocation that failed after Lambda's async
// retries is kept, not dropped), and every alarm of resources/alarms.yml exists and notifies the alarms topic.
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
  'cron-failures-not-empty',
];

const getAttId = (value: unknown) => (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];

/** Logical ids of the functions a schedule (EventBridge rule or EventBridge Scheduler) invokes. */
function scheduledFunctions(resources: Array<[string, Resource]>): string[] {
  const ids = new Set<string>();
  for (const [, resource] of resources) {
    if (resource.Type === 'AWS::Events::Rule' && resource.Properties.ScheduleExpression) {
      for (const target of (resource.Properties.Targets as { Arn?: unknown }[] | undefined) ?? []) {
        const id = getAttId(target.Arn);
        if (id) ids.add(id);
      }
    }
    if (resource.Type === 'AWS::Scheduler::Schedule') {
      const id = getAttId((resource.Properties.Target as { Arn?: unknown } | undefined)?.Arn);
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

/**
 * Every scheduled function has an EventInvokeConfig with an OnFailure destination. Returns the problems
 * and the queues used as on-failure destinations (they are watched like dead-letter queues).
 */
function checkScheduledFunctions(resources: Array<[string, Resource]>) {
  const problems: string[] = [];
  const destinationQueues = new Set<string>();
  const configs = resources.filter(([, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig');
  for (const fn of scheduledFunctions(resources)) {
    const config = configs.find(
      ([, r]) => (r.Properties.FunctionName as { Ref?: string } | undefined)?.Ref === fn,
    )?.[1];
    const destination = (config?.Properties.DestinationConfig as { OnFailure?: { Destination?: unknown } })
      ?.OnFailure?.Destination;
    if (!destination) {
      problems.push(
        `scheduled function ${fn} has no on-failure destination (destinations: \${self:custom.cronFailures.destinations})`,
      );
      continue;
    }
    const target = getAttId(destination);
    if (target) destinationQueues.add(target);
  }
  return { problems, destinationQueues };
}

/** SQS's default and maximum message retention. */
const DEFAULT_RETENTION_SECONDS = 4 * 86_400;
const MAX_RETENTION_SECONDS = 14 * 86_400;

export function checkTemplate(template: { Resources: Record<string, Resource> }): string[] {
  const resources = Object.entries(template.Resources);
  const scheduled = checkScheduledFunctions(resources);
  const problems: string[] = [...scheduled.problems];
  const queues = resources.filter(([, r]) => r.Type === 'AWS::SQS::Queue');
  const targetOf = (queue: Resource) =>
    (queue.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt'?: [string, string] } })
      ?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
  // A queue either has a dead-letter queue or is one (the redrive target of another queue, or the
  // on-failure destination of scheduled functions).
  const dlqIds = new Set([
    ...queues.map(([, queue]) => targetOf(queue)).filter((id) => id !== undefined),
    ...scheduled.destinationQueues,
  ]);
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
    // A DLQ keeps what it holds for SQS's maximum, 14 days: the default 4 would delete dead-lettered
    // messages over a long weekend, before anyone could fix the cause and redrive them.
    const name = String(queue.Properties.QueueName);
    const retention = Number(queue.Properties.MessageRetentionPeriod ?? DEFAULT_RETENTION_SECONDS);
    if (retention < MAX_RETENTION_SECONDS)
      problems.push(
        `dead-letter queue ${dlq} (${name}) keeps messages ${retention / 86_400} days, not 14 (MessageRetentionPeriod: ${MAX_RETENTION_SECONDS})`,
      );
    // Every DLQ is watched: an alarm on its visible messages (resources/alarms.yml, "<queue>-dlq-not-empty").
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
    `template check passed: every queue has a DLQ, every scheduled function an on-failure destination, ${REQUIRED_ALARMS.length} alarms notify the alarms topic`,
  );
}
