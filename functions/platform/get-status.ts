import type { GaugeRow } from '#platform/telemetry/gauges';
import { parseSeriesKey } from '#platform/telemetry/request-metrics';
import type { QueueStats } from './adapters/queue-stats.js';
import { type MetricsDeps, runGauge } from './collect-metrics.js';

export interface StatusDeps extends MetricsDeps {
  readRecentMinutes: (minutes: number) => Promise<{ minute: number; counts: Map<string, number> }[]>;
}

export interface RouteActivity {
  route: string;
  /** Requests per minute over the window, oldest first. */
  requests: number[];
  /** 5xx answers per minute. */
  errors: number[];
  total: number;
  errorTotal: number;
}

export interface StatusReport {
  generatedAt: string;
  /** Epoch seconds of each minute in the window. */
  minutes: number[];
  routes: RouteActivity[];
  queues: QueueStats[];
  gauges: { name: string; help: string; labels: string[]; rows: GaugeRow[] | null }[];
}

/** What the /status page shows: the last hour of HTTP traffic per route, the queues and every gauge. */
export async function getStatus(deps: StatusDeps, windowMinutes = 60, maxRoutes = 12): Promise<StatusReport> {
  const [minutes, queues, ...gauges] = await Promise.all([
    deps.readRecentMinutes(windowMinutes),
    deps.readQueueStats().catch(() => []),
    ...deps.gauges.map((gauge) => runGauge(deps, gauge).catch(() => null)),
  ]);
  const routes = new Map<string, RouteActivity>();
  minutes.forEach(({ counts }, index) => {
    for (const [key, count] of counts) {
      const series = parseSeriesKey(key);
      if (series.kind !== 'http') continue;
      const name = `${series.method} ${series.name}`;
      let activity = routes.get(name);
      if (!activity) {
        activity = {
          route: name,
          requests: new Array(minutes.length).fill(0),
          errors: new Array(minutes.length).fill(0),
          total: 0,
          errorTotal: 0,
        };
        routes.set(name, activity);
      }
      activity.requests[index]! += count;
      activity.total += count;
      if (series.status.startsWith('5')) {
        activity.errors[index]! += count;
        activity.errorTotal += count;
      }
    }
  });
  return {
    generatedAt: new Date().toISOString(),
    minutes: minutes.map(({ minute }) => minute * 60),
    routes: [...routes.values()].sort((a, b) => b.total - a.total).slice(0, maxRoutes),
    queues: queues.sort((a, b) => a.queue.localeCompare(b.queue)),
    gauges: deps.gauges.map((gauge, index) => ({
      name: gauge.name,
      help: gauge.help,
      labels: gauge.labels,
      rows: gauges[index] ?? null,
    })),
  };
}
