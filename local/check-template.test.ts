import { checkTemplate, REQUIRED_ALARMS } from './check-template.js';

const alarm = (suffix: string) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { AlarmName: `syncore-prod-${suffix}`, AlarmActions: [{ Ref: 'AlarmsTopic' }] },
});

function template() {
  return {
    Resources: {
      AlarmsTopic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          QueueName: 'syncore-prod-q',
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } },
        },
      },
      Dlq: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'syncore-prod-q-dlq', MessageRetentionPeriod: 1209600 },
      },
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      },
      CronLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
      CronEventsRuleSchedule1: {
        Type: 'AWS::Events::Rule',
        Properties: {
          ScheduleExpression: 'rate(1 minute)',
          Targets: [{ Arn: { 'Fn::GetAtt': ['CronLambdaFunction', 'Arn'] }, Id: 'cron' }],
        },
      },
      CronLambdaEvConf: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: { Ref: 'CronLambdaFunction' },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['CronFailures', 'Arn'] } } },
          MaximumRetryAttempts: 2,
        },
      },
      CronFailures: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'syncore-prod-cron-failures', MessageRetentionPeriod: 1209600 },
      },
      CronFailuresAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: 'syncore-prod-cron-failures-watch',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: 'syncore-prod-cron-failures' }],
          AlarmActions: [{ Ref: 'AlarmsTopic' }],
        },
      },
      ...Object.fromEntries(REQUIRED_ALARMS.map((suffix, index) => [`Alarm${index}`, alarm(suffix)])),
      DlqAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: 'syncore-prod-q-dlq-not-empty',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: 'syncore-prod-q-dlq' }],
          AlarmActions: [{ Ref: 'AlarmsTopic' }],
        },
      },
    } as Record<string, { Type: string; Properties: Record<string, unknown> }>,
  };
}

describe('the packaged template check', () => {
  it('passes a template with DLQs and every alarm', () => {
    expect(checkTemplate(template())).toEqual([]);
  });

  it('names a queue without a DLQ, a missing alarm and an alarm that notifies nobody', () => {
    const broken = template();
    broken.Resources.Other = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'syncore-prod-other' } };
    delete broken.Resources.DlqAlarm;
    delete broken.Resources.Alarm0;
    broken.Resources.Alarm1!.Properties.AlarmActions = [];
    expect(checkTemplate(broken)).toEqual([
      'queue Other has no dead-letter queue',
      'dead-letter queue Dlq (syncore-prod-q-dlq) has no alarm',
      `alarm *-${REQUIRED_ALARMS[0]} is missing`,
      `alarm *-${REQUIRED_ALARMS[1]} does not notify the AlarmsTopic`,
    ]);
  });

  it('names a dead-letter queue that keeps messages less than 14 days (SQS keeps 4 unless told)', () => {
    const short = template();
    delete short.Resources.Dlq!.Properties.MessageRetentionPeriod;
    short.Resources.CronFailures!.Properties.MessageRetentionPeriod = 7 * 86_400;
    expect(checkTemplate(short)).toEqual([
      'dead-letter queue Dlq (syncore-prod-q-dlq) keeps messages 4 days, not 14 (MessageRetentionPeriod: 1209600)',
      'dead-letter queue CronFailures (syncore-prod-cron-failures) keeps messages 7 days, not 14 (MessageRetentionPeriod: 1209600)',
    ]);
  });

  it('takes a queue for a DLQ because another queue redrives to it, not because of its name', () => {
    const fifo = template();
    fifo.Resources.Dlq!.Properties.QueueName = 'syncore-prod-q-dlq.fifo';
    (fifo.Resources.DlqAlarm!.Properties.Dimensions as { Value: string }[])[0]!.Value =
      'syncore-prod-q-dlq.fifo';
    fifo.Resources.Stray = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'syncore-prod-stray-dlq' } };
    expect(checkTemplate(fifo)).toEqual(['queue Stray has no dead-letter queue']);
  });

  it('names a scheduled function without an on-failure destination, and an unwatched destination queue', () => {
    const broken = template();
    broken.Resources.OtherCronEventsRuleSchedule1 = {
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: 'cron(15 3 * * ? *)',
        Targets: [{ Arn: { 'Fn::GetAtt': ['OtherCronLambdaFunction', 'Arn'] }, Id: 'other' }],
      },
    };
    // Retries configured, but nowhere to put the failure: still a problem.
    broken.Resources.OtherCronLambdaEvConf = {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: { FunctionName: { Ref: 'OtherCronLambdaFunction' }, MaximumRetryAttempts: 2 },
    };
    delete broken.Resources.CronFailuresAlarm;
    expect(checkTemplate(broken)).toEqual([
      expect.stringMatching(/^scheduled function OtherCronLambdaFunction has no on-failure destination/),
      'dead-letter queue CronFailures (syncore-prod-cron-failures) has no alarm',
    ]);
  });

  it('takes an on-failure destination queue for a DLQ (no redrive policy of its own needed)', () => {
    const withoutCron = template();
    delete withoutCron.Resources.CronLambdaEvConf;
    expect(checkTemplate(withoutCron)).toEqual([
      expect.stringMatching(/^scheduled function CronLambdaFunction has no on-failure destination/),
      'queue CronFailures has no dead-letter queue',
    ]);
  });
});
