import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { platformConfig } from '../config.js';

// One client per container, created on first use. Endpoints are set only locally (emulators or
// LocalStack); on AWS the SDK finds the regional endpoint itself.
let sqs: SQSClient | undefined;
let dynamo: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;

export function sqsClient(): SQSClient {
  const { AWS_REGION, SQS_ENDPOINT } = platformConfig();
  sqs ??= new SQSClient({ region: AWS_REGION, endpoint: SQS_ENDPOINT, maxAttempts: 3 });
  return sqs;
}

export function dynamoClient(): DynamoDBClient {
  const { AWS_REGION, DYNAMODB_ENDPOINT } = platformConfig();
  dynamo ??= new DynamoDBClient({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT, maxAttempts: 3 });
  return dynamo;
}

export function dynamoDocuments(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}
