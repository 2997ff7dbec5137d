import { collectMetrics, histograms } from './collect-metrics.js';

const series = (over: object) => ({
  kind: 'http' as const,
  name: '/events/{id}',
  method: 'GET',
  status: '200',
  count: 3,
  sumMs: 42,
  buckets: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  ...over,
});

describe('the Prometheus exposition', () => {
  it('renders cumulative histogram buckets from the per-bucket totals', () => {
    const text = histograms([series({})]);
    const labels = 'route="/events/{id}",method="GET",status="200"';
    expect(text).toContain(`syncore_http_request_duration_seconds_bucket{${labels},le="0.005"} 1`);
    expect(text).toContain(`syncore_http_request_duration_seconds_bucket{${labels},le="0.01"} 2`);
    expect(text).toContain(`syncore_http_request_duration_seconds_bucket{${labels},le="10"} 2`);
    expect(text).toContain(`syncore_http_request_duration_seconds_bucket{${labels},le="+Inf"} 3`);
    expect(text).toContain(`syncore_http_request_duration_seconds_sum{${labels}} 0.042`);
    expect(text).toContain(`syncore_http_request_duration_seconds_count{${labels}} 3`);
  });

  it('counts requests, queue depths and DLQs, and reports a source that failed instead of failing', async () => {
    const text = await collectMetrics({
      db: undefined as never,
      gauges: [],
      gaugeTimeoutMs: 1000,
      readBreakers: async () => [],
      readTotals: async () => [
        series({}),
        series({ kind: 'sqs', name: 'notifications', method: 'RECEIVE', status: 'ok', count: 7 }),
      ],
      readQueueStats: async () => {
        throw new Error('SQS down');
      },
    });
    expect(text).toContain('syncore_http_requests_total{route="/events/{id}",method="GET",status="200"} 3');
    expect(text).toContain('syncore_invocations_total{trigger="sqs",name="notifications",outcome="ok"} 7');
    expect(text).toContain('syncore_metrics_source_errors{source="queues"} 1');
    expect(text).toContain('syncore_metrics_source_errors{source="requests"} 0');
  });

  it('reports visible, in-flight and dead-letter counts per queue', async () => {
    const text = await collectMetrics({
      db: undefined as never,
      gauges: [],
      gaugeTimeoutMs: 1000,
      readTotals: async () => [],
      readBreakers: async () => [],
      readQueueStats: async () => [
        { queue: 'notifications', visible: 4, inFlight: 2, delayed: 1 },
        { queue: 'notifications-dlq', visible: 3, inFlight: 0, delayed: 0 },
        { queue: 'order-status.fifo', visible: 1, inFlight: 0, delayed: 0 },
        { queue: 'order-status-dlq.fifo', visible: 2, inFlight: 1, delayed: 0 },
      ],
    });
    expect(text).toContain('syncore_queue_messages_visible{queue="notifications"} 4');
    expect(text).toContain('syncore_queue_messages_in_flight{queue="notifications"} 2');
    expect(text).toContain('syncore_queue_dlq_messages{queue="notifications"} 3');
    // A FIFO queue's DLQ is `<queue>-dlq.fifo`: counted for its queue, not listed as a queue of its own.
    expect(text).toContain('syncore_queue_dlq_messages{queue="order-status.fifo"} 3');
    expect(text).not.toContain('syncore_queue_messages_visible{queue="order-status-dlq.fifo"}');
  });
});
