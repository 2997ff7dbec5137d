import { z } from 'zod';
import { directTransport } from '../../../tests/support/contracts.js';
import { ConflictError } from '../errors.js';
import { contractHandler, invoker, syncContract } from './invoke.js';

const Reserve = syncContract({
  functionKey: 'reserveThing',
  request: z.object({ sku: z.string().min(1), count: z.number().int().positive() }),
  response: z.object({ reserved: z.number().int(), by: z.string() }),
});

const served: unknown[] = [];
const reserveThing = contractHandler(Reserve, async (input) => {
  served.push(input);
  if (input.sku === 'short') throw new ConflictError('TEST.SHORT', 'Not enough stock.');
  if (input.sku === 'crash') throw new Error('database exploded');
  if (input.sku === 'liar') return { reserved: 'many', by: 'x' } as never;
  return { reserved: input.count, by: `sku:${input.sku}` };
});

const call = invoker(directTransport({ reserveThing }));

describe('synchronous contracts between contexts', () => {
  beforeEach(() => {
    served.length = 0;
  });

  it('returns the callee answer, validated on both sides', async () => {
    await expect(call(Reserve, { sku: 'a', count: 2 })).resolves.toEqual({ reserved: 2, by: 'sku:a' });
    expect(served).toEqual([{ sku: 'a', count: 2 }]);
  });

  it('raises the callee domain error on the caller side with its status and code', async () => {
    await expect(call(Reserve, { sku: 'short', count: 1 })).rejects.toMatchObject({
      status: 409,
      code: 'TEST.SHORT',
      message: 'Not enough stock.',
    });
  });

  it('rejects a request that breaks the contract before sending it', async () => {
    await expect(call(Reserve, { sku: '', count: 1 })).rejects.toThrow();
    expect(served).toEqual([]);
  });

  it("hands the callee its invocation's Lambda context (e.g. for idempotency's remaining time)", async () => {
    const seen: unknown[] = [];
    const whoAmI = contractHandler(Reserve, async (input, lambdaContext) => {
      seen.push(lambdaContext.functionName);
      return { reserved: input.count, by: lambdaContext.awsRequestId };
    });
    const context = { functionName: 'syncore-local-reserveThing', awsRequestId: 'req-1' };
    const reply = await whoAmI({ input: { sku: 'a', count: 1 } }, context as never);
    expect(reply).toEqual({ ok: true, value: { reserved: 1, by: 'req-1' } });
    expect(seen).toEqual(['syncore-local-reserveThing']);
  });

  it('answers a malformed request with CONTRACT.INVALID_REQUEST on the callee side', async () => {
    const reply = await reserveThing({ input: { sku: 'a', count: -1 } }, {} as never);
    expect(reply).toMatchObject({ ok: false, error: { status: 400, code: 'CONTRACT.INVALID_REQUEST' } });
    expect(served).toEqual([]);
  });

  it('turns a crashed or lying callee into 503 for the caller', async () => {
    await expect(call(Reserve, { sku: 'crash', count: 1 })).rejects.toMatchObject({
      status: 503,
      code: 'SERVICE.DEPENDENCY_UNAVAILABLE',
    });
    await expect(call(Reserve, { sku: 'liar', count: 1 })).rejects.toMatchObject({ status: 503 });
  });

  it('turns an unreachable callee into 503', async () => {
    const down = invoker(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    await expect(down(Reserve, { sku: 'a', count: 1 })).rejects.toMatchObject({ status: 503 });
  });
});
