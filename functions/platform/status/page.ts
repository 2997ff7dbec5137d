import { mainQueueOf } from '../domain/queues.js';
import type { StatusReport } from '../get-status.js';

const html = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const table = (head: string[], rows: unknown[][]) =>
  `<table><thead><tr>${head.map((cell) => `<th>${html(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${html(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1a202c}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid #cbd5e0;padding:.2rem .6rem;text-align:left}
td:last-child{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{margin:0}.chart figcaption{font-size:12px}
.gauges{display:flex;flex-wrap:wrap;gap:1.5rem}.bad{color:#c53030;font-weight:600}`;

/**
 * The /status page: queues and their DLQs, every context's gauges (outbox backlog, notifications,
 * bookings, ...) as tables, and per-route request and error rates of the last hour as small charts.
 * Everything is rendered on the server except the charts, which uPlot draws from the embedded report.
 */
export function statusPage(report: StatusReport): string {
  const queues = report.queues.filter((queue) => !mainQueueOf(queue.queue));
  const dlqs = new Map(
    report.queues.flatMap((q) => {
      const main = mainQueueOf(q.queue);
      return main ? [[main, q] as const] : [];
    }),
  );
  const queueRows = queues.map((queue) => {
    const dlq = dlqs.get(queue.queue);
    const dead = dlq ? dlq.visible + dlq.inFlight : '—';
    return [queue.queue, queue.visible, queue.inFlight, queue.delayed, dead];
  });
  const gauges = report.gauges
    .map(
      (gauge) =>
        `<section><h3>${html(gauge.name)}</h3><p>${html(gauge.help)}</p>${
          gauge.rows === null
            ? '<p class="bad">could not be read</p>'
            : gauge.rows.length === 0
              ? '<p>none</p>'
              : table(
                  [...gauge.labels, 'value'],
                  gauge.rows.map((row) => [...gauge.labels.map((l) => row[l]), row.value]),
                )
        }</section>`,
    )
    .join('');
  // JSON inside <script type="application/json"> is data, not code; `<` is escaped so it cannot close the tag.
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>syncore status</title>
<link rel="stylesheet" href="/status/uPlot.min.css"><link rel="stylesheet" href="/status/status.css"></head>
<body><h1>syncore status</h1><p>Generated ${html(report.generatedAt)} · <a href="/docs">API docs</a> · <a href="/openapi.json">OpenAPI</a> · <a href="/health">health</a></p>
<h2>Queues</h2>${table(['queue', 'waiting', 'in flight', 'delayed', 'in DLQ'], queueRows)}
<h2>Requests per route, last hour</h2><div id="charts" class="charts"></div>
<h2>Gauges</h2><div class="gauges">${gauges}</div>
<script type="application/json" id="status-data">${data}</script>
<script src="/status/uPlot.iife.min.js"></script><script src="/status/status.js"></script>
</body></html>`;
}

export const STATUS_CSS = STYLE;

/** The charts, served as /status/status.js (the page's CSP allows same-origin scripts only). */
export const STATUS_SCRIPT = `// The /status page's charts (served as /status/status.js; uPlot comes from the npm package, no CDN).
(() => {
  const report = JSON.parse(document.getElementById('status-data').textContent);
  const charts = document.getElementById('charts');
  const x = report.minutes;
  for (const route of report.routes) {
    const box = document.createElement('figure');
    box.className = 'chart';
    box.dataset.route = route.route;
    const caption = document.createElement('figcaption');
    caption.textContent = route.route + ' — ' + route.total + ' requests, ' + route.errorTotal + ' errors (5xx), last hour';
    box.appendChild(caption);
    charts.appendChild(box);
    new uPlot(
      {
        width: 360,
        height: 140,
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [{ size: 30 }, { size: 40 }],
        series: [
          {},
          { label: 'requests/min', stroke: '#2b6cb0', fill: 'rgba(43,108,176,0.15)' },
          { label: '5xx/min', stroke: '#c53030' },
        ],
      },
      [x, route.requests, route.errors],
      box,
    );
  }
  if (report.routes.length === 0) charts.textContent = 'No requests in the last hour.';
  document.body.dataset.rendered = 'true';
})();
`;
