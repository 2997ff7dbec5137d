import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_AWS_CREDENTIALS, REGION, SERVICE, STAGE } from './config.js';

export interface InvokeResult {
  /** The handler's return value (undefined when it returned nothing). */
  payload: unknown;
  /** Set when the handler threw ("Unhandled"); the payload then holds errorMessage/errorType. */
  functionError?: string;
}

/** Invokes a function by its key in serverless.yml (e.g. "storeNotification"). */
export type Invoke = (functionKey: string, event: unknown) => Promise<InvokeResult>;

export const lambdaName = (functionKey: string) => `${SERVICE}-${STAGE}-${functionKey}`;

/** Calls serverless-offline's Lambda Invoke API, the same way AWS services call a deployed function. */
export function lambdaInvoker(lambdaPort: number): { invoke: Invoke; close(): void } {
  const client = new LambdaClient({
    endpoint: `http://127.0.0.1:${lambdaPort}`,
    region: REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    // A failed invocation must not be retried behind the caller's back: the poller decides.
    maxAttempts: 1,
  });
  const invoke: Invoke = async (functionKey, event) => {
    const output = await client.send(
      new InvokeCommand({ FunctionName: lambdaName(functionKey), Payload: JSON.stringify(event ?? {}) }),
    );
    const text = output.Payload ? Buffer.from(output.Payload).toString('utf8') : '';
    return { payload: text ? JSON.parse(text) : undefined, functionError: output.FunctionError };
  };
  return { invoke, close: () => client.destroy() };
}
