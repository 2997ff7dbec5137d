import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { platformConfig } from '../config.js';
import { traceAwsClient } from '../telemetry/instrument.js';

// One client per container, created on first use. Endpoints are set only locally (emulators or
// LocalStack); on AWS the SDK finds the regional endpoint itself.
let sqs: SQSClient | undefined;
let dynamo: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;

/**
 * Settings every AWS SDK client gets: the SDK's defaults wait forever for a connection or an answer, so
 * an endpoint that accepts connections and never answers would hold a request until the Lambda timeout.
 * With 3 attempts a call gives up after about 3 × (connect + request) timeouts.
 */
export function awsClientSettings() {
  const { AWS_REGION, AWS_CONNECT_TIMEOUT_MS, AWS_REQUEST_TIMEOUT_MS } = platformConfig();
  return {
    region: AWS_REGION,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: AWS_CONNECT_TIMEOUT_MS, requestTimeout: AWS_REQUEST_TIMEOUT_MS },
  };
}

export function sqsClient(): SQSClient {
  sqs ??= traceAwsClient(new SQSClient({ ...awsClientSettings(), endpoint: platformConfig().SQS_ENDPOINT }));
  return sqs;
}

export function dynamoClient(): DynamoDBClient {
  dynamo ??= traceAwsClient(
    new DynamoDBClient({ ...awsClientSettings(), endpoint: platformConfig().DYNAMODB_ENDPOINT }),
  );
  return dynamo;
}

export function dynamoDocuments(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}
