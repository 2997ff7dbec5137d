import http from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { lazyConfig, parseEnv } from '../config.js';
import { AppError, type FieldError } from '../errors.js';
import {
  currentCorrelationId,
  log,
  powertoolsMiddlewares,
  runInInvocation,
  sanitizeCorrelationId,
} from '../observability.js';
import { observeInvocation } from '../telemetry/invocation.js';
import { currentTraceparent, SpanKind, withSpan } from '../telemetry/trace.js';

/**
 * Synchronous contracts between contexts: one context's Lambda calls another's with the Lambda Invoke
 * API (on AWS, and serverless-offline's invoke API on :3002 locally), never by importing its code.
 * Both sides validate against the same zod schemas, published in the callee's `contract.ts`.
 *
 * A domain error of the callee (an AppError: 404, 409, ...) crosses as data and is raised again on
 * the caller's side with the same status and code; anything else is the callee failing, which the
 * caller sees as a 503 `SERVICE.DEPENDENCY_UNAVAILABLE`.
 */
export interface SyncContract<Req extends z.ZodType, Res extends z.ZodType> {
  /** The callee's key under `functions:` in serverless.yml, e.g. `createOrder`. */
  functionKey: string;
  request: Req;
  response: Res;
}

export const syncContract = <Req extends z.ZodType, Res extends z.ZodType>(
  contract: SyncContract<Req, Res>,
): SyncContract<Req, Res> => contract;

const WireError = z.object({
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  fieldErrors: z.array(z.object({ in: z.string(), field: z.string(), message: z.string() })).optional(),
});

/** What crosses the wire in both directions. */
const Reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
type Reply = z.infer<typeof Reply>;

const Request = z.object({
  input: z.unknown(),
  correlationId: z.string().optional(),
  traceparent: z.string().optional(),
});

export class DependencyUnavailableError extends AppError {
  override name = 'DependencyUnavailableError';
  constructor(what: string, cause?: unknown) {
    super(503, 'SERVICE.DEPENDENCY_UNAVAILABLE', `${what} is unavailable; try again shortly.`, {
      cause,
      headers: { 'retry-after': '1' },
    });
  }
}

/** Calls the function behind a contract and returns its validated answer. */
export type Invoker = <Req extends z.ZodType, Res extends z.ZodType>(
  contract: SyncContract<Req, Res>,
  input: z.input<Req>,
) => Promise<z.output<Res>>;

/** Sends one serialised request and returns the raw reply: the Lambda API, or a direct call in tests. */
export type Transport = (
  functionKey: string,
  payload: string,
) => Promise<{ payload: string; failed: boolean }>;

export function invoker(transport: Transport): Invoker {
  return async (contract, input) => {
    const request = contract.request.parse(input);
    let raw: { payload: string; failed: boolean };
    try {
      // A client span; the callee continues the trace from the payload's traceparent.
      raw = await withSpan(`invoke ${contract.functionKey}`, { kind: SpanKind.client }, () =>
        transport(
          contract.functionKey,
          JSON.stringify({
            input: request,
            correlationId: currentCorrelationId(),
            traceparent: currentTraceparent(),
          }),
        ),
      );
    } catch (error) {
      throw new DependencyUnavailableError(contract.functionKey, error);
    }
    const reply = raw.failed ? undefined : Reply.safeParse(JSON.parse(raw.payload || 'null'));
    if (!reply?.success) {
      log().error('sync contract call failed', {
        functionKey: contract.functionKey,
        reply: raw.payload.slice(0, 500),
      });
      throw new DependencyUnavailableError(contract.functionKey);
    }
    if (!reply.data.ok) {
      const { status, code, detail, fieldErrors } = reply.data.error;
      throw new AppError(status, code, detail, { fieldErrors: fieldErrors as FieldError[] | undefined });
    }
    return contract.response.parse(reply.data.value);
  };
}

const invokeConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      AWS_REGION: z.string().default('eu-central-1'),
      /** serverless-offline's invoke API locally; unset on AWS. */
      LAMBDA_ENDPOINT: z.url().optional(),
      /** `<service>-<stage>-`: the prefix serverless gives every function name. */
      FUNCTION_PREFIX: z.string().default('syncore-local-'),
      LAMBDA_INVOKE_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
    }),
  ),
);

let lambda: LambdaClient | undefined;

/**
 * The Lambda Invoke API as a transport (one client per container). On AWS through the SDK (SigV4);
 * against the local emulator (LAMBDA_ENDPOINT, serverless-offline's invoke API, which checks no
 * signature) the same REST call is made with plain HTTP: the SDK's middleware stack and signing were
 * ~16 % of the local API's CPU on a view that calls another context (docs/performance.md).
 */
export const lambdaTransport: Transport = async (functionKey, payload) => {
  const config = invokeConfig();
  if (config.LAMBDA_ENDPOINT) return emulatorInvoke(config, functionKey, payload);
  lambda ??= new LambdaClient({
    region: config.AWS_REGION,
    // A synchronous call is the caller's request: fail fast rather than retry behind its back.
    maxAttempts: 1,
    requestHandler: { requestTimeout: config.LAMBDA_INVOKE_TIMEOUT_MS, connectionTimeout: 2000 },
  });
  const output = await lambda.send(
    new InvokeCommand({ FunctionName: `${config.FUNCTION_PREFIX}${functionKey}`, Payload: payload }),
  );
  return {
    payload: output.Payload ? Buffer.from(output.Payload).toString('utf8') : '',
    failed: Boolean(output.FunctionError),
  };
};

const emulatorAgent = new http.Agent({ keepAlive: true });

/** `POST /2015-03-31/functions/<name>/invocations` on the emulator; a function error is a failed reply. */
function emulatorInvoke(
  config: ReturnType<typeof invokeConfig>,
  functionKey: string,
  payload: string,
): Promise<{ payload: string; failed: boolean }> {
  const url = new URL(
    `/2015-03-31/functions/${config.FUNCTION_PREFIX}${functionKey}/invocations`,
    config.LAMBDA_ENDPOINT,
  );
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: emulatorAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: config.LAMBDA_INVOKE_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 500;
          const functionError =
            response.headers['x-amz-function-error'] ?? response.headers['x-amzn-errortype'];
          if (status >= 300 && !functionError) {
            reject(new Error(`Lambda invoke of ${functionKey} answered ${status}`));
            return;
          }
          resolve({ payload: Buffer.concat(chunks).toString('utf8'), failed: Boolean(functionError) });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`Lambda invoke of ${functionKey} timed out`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * The callee's side: a Lambda handler that validates the request against the contract, runs `serve`,
 * and returns its validated answer, or the AppError it threw as data. Other errors fail the invocation.
 */
export function contractHandler<Req extends z.ZodType, Res extends z.ZodType>(
  contract: SyncContract<Req, Res>,
  /** `lambdaContext`: the invocation's, e.g. for Powertools idempotency's remaining-time bound. */
  serve: (input: z.output<Req>, lambdaContext: Context) => Promise<z.input<Res>>,
) {
  const core = async (event: unknown, lambdaContext: Context): Promise<Reply> => {
    const envelope = Request.safeParse(event);
    const correlationId = sanitizeCorrelationId(envelope.success ? envelope.data.correlationId : undefined);
    const parent = envelope.success ? envelope.data.traceparent : undefined;
    const observed = {
      kind: 'invoke' as const,
      name: contract.functionKey,
      method: 'INVOKE',
      parent,
      correlationId,
    };
    return runInInvocation(correlationId, () =>
      observeInvocation(
        observed,
        () => serveRequest(envelope, lambdaContext),
        (reply, error) =>
          error !== undefined ? 'error' : reply?.ok ? 'ok' : String(reply?.error.status ?? 'error'),
      ),
    );
  };
  const serveRequest = async (
    envelope: ReturnType<typeof Request.safeParse>,
    lambdaContext: Context,
  ): Promise<Reply> => {
    const input = contract.request.safeParse(envelope.success ? envelope.data.input : undefined);
    if (!input.success) {
      log().warn('sync contract request breaks the contract', { functionKey: contract.functionKey });
      return {
        ok: false,
        error: { status: 400, code: 'CONTRACT.INVALID_REQUEST', detail: z.prettifyError(input.error) },
      };
    }
    try {
      return { ok: true, value: contract.response.parse(await serve(input.data, lambdaContext)) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { status, code, message, extra } = error;
      return { ok: false, error: { status, code, detail: message, fieldErrors: extra.fieldErrors } };
    }
  };
  return middy(core).use(powertoolsMiddlewares()) as unknown as (
    event: unknown,
    context: Context,
  ) => Promise<Reply>;
}
