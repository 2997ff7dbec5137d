import { callHttp } from '../../tests/support/http-event.js';
import { httpHandler } from './http/handler.js';
import { json } from './http/responses.js';
import { MetricUnit, metricsWith } from './observability.js';

type Emf = { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> } } & Record<string, unknown>;

describe('metricsWith', () => {
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  const write = process.stdout.write;
  let written: string[] = [];
  /** The EMF documents written to stdout so far. */
  const emf = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Emf);
  beforeAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    written = [];
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
  });
  afterAll(() => {
    process.stdout.write = write;
    process.env.POWERTOOLS_METRICS_DISABLED = disabled;
  });

  it('buffers per dimension and publishes one document per dimension at the end of the invocation', async () => {
    let duringInvocation: number | undefined;
    const route = httpHandler({
      auth: false,
      handler: async () => {
        for (let i = 0; i < 30; i++)
          metricsWith({ channel: 'test-a' }).addMetric('Sent', MetricUnit.Count, 1);
        metricsWith({ channel: 'test-b' }).addMetric('Sent', MetricUnit.Count, 1);
        metricsWith({ channel: 'test-b' }).addMetric('Lag', MetricUnit.Milliseconds, 250);
        duringInvocation = emf().length;
        return json(200, {});
      },
    });
    await callHttp(route, { path: '/anything' });
    expect(duringInvocation).toBe(0);
    const documents = emf();
    expect(documents).toHaveLength(2);
    const byChannel = Object.fromEntries(documents.map((document) => [document.channel, document]));
    expect(byChannel['test-a']).toMatchObject({ Sent: Array(30).fill(1) });
    expect(byChannel['test-b']).toMatchObject({ Sent: 1, Lag: 250 });
    for (const document of documents)
      expect(document._aws.CloudWatchMetrics[0]!.Dimensions[0]).toContain('channel');
  });
});
