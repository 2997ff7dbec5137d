import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * serverless-offline's Lambda Invoke API in miniature (POST /2015-03-31/functions/<name>/invocations),
 * serving the given contract functions: a context's real handlers reach it through LAMBDA_ENDPOINT (set
 * it before the first contract call of the test file: the transport reads its configuration once).
 */
export async function fakeLambdaApi(
  functions: Record<string, (event: unknown, context: never) => Promise<unknown>>,
) {
  const server = createServer(async (req, res) => {
    const name = decodeURIComponent((req.url ?? '').match(/\/functions\/([^/]+)\/invocations/)?.[1] ?? '');
    const key = Object.keys(functions).find((k) => name.endsWith(k));
    const payload = await readBody(req);
    if (!key) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Function not found"}');
      return;
    }
    try {
      const reply = await functions[key]!(JSON.parse(payload || 'null'), lambdaContext(key) as never);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply ?? null));
    } catch (error) {
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorMessage: String(error) }));
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
