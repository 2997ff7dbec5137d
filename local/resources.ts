import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_AWS_CREDENTIALS, REGION, REPO_ROOT, STAGE } from './config.js';
import { StartupError } from './log.js';

/** The parts of the resolved serverless config the local runtime reads. */
export interface ServerlessConfig {
  service: string;
  functions: Record<string, FunctionConfig>;
  resources?: { Resources?: Record<string, CfnResource> };
}
export interface FunctionConfig {
  handler: string;
  events?: Array<Record<string, unknown>>;
}
interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
/** `{"Fn::GetAtt": [LogicalId, "Arn"]}` as it comes out of `serverless print`. */
type GetAtt = { 'Fn::GetAtt': [string, string] };

const run = promisify(execFile);

/**
 * Resolves serverless.yml the way serverless itself does (variables, `${sls:stage}`, included files),
 * so queue and table names are exactly the ones deployed handlers would use.
 */
export async function resolveServerlessConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerlessConfig> {
  const bin = path.join(REPO_ROOT, 'node_modules/serverless/bin/serverless.js');
  try {
    const { stdout } = await run(process.execPath, [bin, 'print', '--format', 'json', '--stage', STAGE], {
      cwd: REPO_ROOT,
      env: { ...env, SYNCORE_PLUGINS: 'offline', SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return JSON.parse(stdout) as ServerlessConfig;
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new StartupError(`could not resolve serverless.yml (serverless print failed):\n${detail}`);
  }
}

function resourcesOfType(config: ServerlessConfig, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(config.resources?.Resources ?? {})
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => [logicalId, resource.Properties ?? {}]);
}

export function getAttTarget(value: unknown): string | undefined {
  const getAtt = (value as GetAtt | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? getAtt[0] : undefined;
}

export interface QueueInfo {
  logicalId: string;
  name: string;
  url: string;
  arn: string;
}

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
];

/** Dead-letter targets first, so a redrive policy can name their ARN. */
function orderDlqsFirst(queues: Array<[string, Record<string, unknown>]>) {
  const isTarget = (id: string) =>
    queues.some(
      ([, props]) =>
        getAttTarget((props.RedrivePolicy as Record<string, unknown>)?.deadLetterTargetArn) === id,
    );
  return [...queues].sort(([a], [b]) => Number(isTarget(b)) - Number(isTarget(a)));
}

function queueAttributes(props: Record<string, unknown>, created: Map<string, QueueInfo>) {
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) if (props[key] !== undefined) attributes[key] = String(props[key]);
  if (props.FifoQueue) attributes.FifoQueue = 'true';
  if (props.ContentBasedDeduplication) attributes.ContentBasedDeduplication = 'true';
  const redrive = props.RedrivePolicy as
    | { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown }
    | undefined;
  if (redrive) {
    const targetId = getAttTarget(redrive.deadLetterTargetArn);
    const arn = targetId ? created.get(targetId)?.arn : String(redrive.deadLetterTargetArn);
    if (!arn)
      throw new StartupError(`queue redrive target ${targetId} is not an AWS::SQS::Queue in serverless.yml`);
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: arn,
      maxReceiveCount: redrive.maxReceiveCount,
    });
  }
  return attributes;
}

/**
 * CreateQueue is idempotent for identical attributes; a queue kept by a persistent emulator
 * (LocalStack) from an older serverless.yml gets the new attributes instead of an error.
 */
async function createOrUpdateQueue(sqs: SQSClient, name: string, attributes: Record<string, string>) {
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return QueueUrl!;
  } catch (error) {
    if (!(error instanceof QueueNameExists)) throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { FifoQueue: _immutable, ...mutable } = attributes;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: mutable }));
    return QueueUrl!;
  }
}

/** Creates every AWS::SQS::Queue of the config; CreateQueue with identical attributes is idempotent. */
export async function createQueues(
  config: ServerlessConfig,
  sqs: SQSClient,
): Promise<Map<string, QueueInfo>> {
  const created = new Map<string, QueueInfo>();
  for (const [logicalId, props] of orderDlqsFirst(resourcesOfType(config, 'AWS::SQS::Queue'))) {
    const name = String(props.QueueName ?? `${config.service}-${STAGE}-${logicalId}`);
    const url = await createOrUpdateQueue(sqs, name, queueAttributes(props, created));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    created.set(logicalId, { logicalId, name, url: url!, arn: Attributes!.QueueArn! });
  }
  return created;
}

function tableInput(props: Record<string, unknown>): CreateTableCommandInput {
  return {
    TableName: String(props.TableName),
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    LocalSecondaryIndexes: props.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'],
    BillingMode: props.ProvisionedThroughput ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ProvisionedThroughput: props.ProvisionedThroughput as CreateTableCommandInput['ProvisionedThroughput'],
  };
}

/** Creates every AWS::DynamoDB::Table of the config that does not exist yet (TTL is ignored locally). */
export async function createTables(config: ServerlessConfig, dynamodb: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  for (const [, props] of resourcesOfType(config, 'AWS::DynamoDB::Table')) {
    const input = tableInput(props);
    try {
      await dynamodb.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    names.push(input.TableName!);
  }
  return names;
}

export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: REGION, credentials: LOCAL_AWS_CREDENTIALS });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_AWS_CREDENTIALS });
}

/** Queues and tables of serverless.yml, created in whatever SQS/DynamoDB the endpoints point at. */
export async function provisionResources(
  config: ServerlessConfig,
  endpoints: { sqsEndpoint: string; dynamodbEndpoint: string },
): Promise<{ queues: Map<string, QueueInfo>; tables: string[] }> {
  const sqs = localSqsClient(endpoints.sqsEndpoint);
  const dynamodb = localDynamoClient(endpoints.dynamodbEndpoint);
  try {
    return { queues: await createQueues(config, sqs), tables: await createTables(config, dynamodb) };
  } finally {
    sqs.destroy();
    dynamodb.destroy();
  }
}
