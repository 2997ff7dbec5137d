import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from './aws/clients.js';
import { platformConfig } from './config.js';

export {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';

let store: DynamoDBPersistenceLayer | undefined;

function persistenceStore(): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({
    tableName: platformConfig().IDEMPOTENCY_TABLE,
    awsSdkV3Client: dynamoClient(),
  });
  return store;
}

export interface IdempotencyOptions {
  /** JMESPath to the key inside the function's first argument, e.g. `messageId` or `key`. */
  keyPath: string;
  /** JMESPath to the part that must be identical on a retry (a different one → IdempotencyValidationError). */
  validatePath?: string;
  /** How long a completed result is replayed. */
  expiresAfterSeconds?: number;
  /** Separates the records of different functions sharing the table. */
  scope: string;
}

/**
 * Wraps an async function so that calls with the same key run once and later calls get the stored
 * result (Powertools idempotency on DynamoDB). Use it for consumers whose side effects are not
 * naturally idempotent, and for HTTP operations taking an Idempotency-Key.
 */
export function idempotent<A, R>(
  fn: (input: A) => Promise<R>,
  options: IdempotencyOptions,
): (input: A, lambdaContext?: Context) => Promise<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: options.keyPath,
    payloadValidationJmesPath: options.validatePath,
    expiresAfterSeconds: options.expiresAfterSeconds ?? 86_400,
    throwOnNoIdempotencyKey: true,
  });
  const once = makeIdempotent(fn, { persistenceStore: persistenceStore(), keyPrefix: options.scope, config });
  return (input, lambdaContext) => {
    // With the invocation's deadline, an "in progress" record of a call that died with its container
    // expires when that invocation would have timed out, instead of blocking the key until expiry.
    if (lambdaContext) config.registerLambdaContext(lambdaContext);
    return once(input);
  };
}
