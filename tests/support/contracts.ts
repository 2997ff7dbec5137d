import type { Context } from 'aws-lambda';
import type { Transport } from '#platform/contracts/invoke';
import { lambdaContext } from './http-event.js';

type ContractLambda = (event: unknown, context: Context) => Promise<unknown>;

/**
 * A transport that runs the callee's real contract handler in this process, with the same JSON
 * round trip as the Lambda Invoke API: integration tests exercise both sides of a contract without a
 * running serverless-offline. A thrown error becomes a failed invocation, as on Lambda.
 */
export function directTransport(handlers: Record<string, ContractLambda>): Transport {
  return async (functionKey, payload) => {
    const handler = handlers[functionKey];
    if (!handler) throw new Error(`no function ${functionKey} in this test's transport`);
    try {
      const reply = await handler(JSON.parse(payload), lambdaContext(functionKey));
      return { payload: JSON.stringify(reply ?? null), failed: false };
    } catch (error) {
      return { payload: JSON.stringify({ errorMessage: String(error) }), failed: true };
    }
  };
}
