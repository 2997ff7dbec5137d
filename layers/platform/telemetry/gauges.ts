import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** One row of a gauge: its label values and the number. */
export type GaugeRow = Record<string, string | number | bigint | null> & {
  value: string | number | bigint | null;
};

/**
 * A business gauge a context exposes on /metrics (`functions/<ctx>/metrics.ts`), read from PostgreSQL
 * when Prometheus scrapes. Keep it cheap and bounded: an aggregate (`count(*) … group by status`) over an
 * indexed or small set, labels from a closed set (statuses, channels, queues), never ids or names.
 */
export interface SqlGauge {
  /** Full metric name, `syncore_<context>_<what>` (Prometheus naming: snake case, unit suffix). */
  name: string;
  help: string;
  labels: string[];
  query: (db: Kysely<DB>) => Promise<GaugeRow[]>;
}

export const sqlGauge = (gauge: SqlGauge): SqlGauge => gauge;
