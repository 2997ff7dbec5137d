// The baseline of bench/http.bench.ts: node:http + pg running the same SQL as our routes, JSON out, no
// framework. `node --import tsx bench/support/raw-server.ts <database-url> [--prepared]` prints its port.
// --prepared runs every statement as a named (prepared) statement, as our routes do since the fourth pass
// (layers/platform/db/prepared.ts); without it, pg's default: unnamed, parsed and planned every time.
import http from 'node:http';
import pg from 'pg';

import { INSERT_SQL, ME_SQL, WEEK_MEETINGS_SQL, WEEK_SQL, ZONE_SQL } from './raw-sql.js';

const pool = new pg.Pool({ connectionString: process.argv[2], max: 10 });
pool.on('error', () => undefined);
const prepared = process.argv.includes('--prepared');
const run = (on: pg.Pool | pg.PoolClient, name: string, text: string, values: unknown[]) =>
  prepared ? on.query({ name, text, values }) : on.query(text, values);

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
}

const server = http.createServer(async (req, res) => {
  const owner = req.headers['x-owner'];
  if (typeof owner !== 'string') return json(res, 401, {});
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  const week = /^\/events\/week\/(\d{4}-\d{2}-\d{2})$/.exec(pathname);
  if (week && req.method === 'GET') {
    const from = new Date(`${week[1]}T00:00:00+01:00`);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const [events, meetings] = await Promise.all([
      run(pool, 'week', WEEK_SQL, [owner, from, to]),
      run(pool, 'week_meetings', WEEK_MEETINGS_SQL, [owner, from, to]),
    ]);
    return json(res, 200, { items: [...events.rows, ...meetings.rows] });
  }
  if (pathname === '/me' && req.method === 'GET') {
    const { rows } = await run(pool, 'me', ME_SQL, [owner]);
    return json(res, 200, rows[0]);
  }
  if (pathname === '/events' && req.method === 'POST') {
    const input = await readJson(req);
    const client = await pool.connect();
    try {
      const zone = (await run(client, 'zone', ZONE_SQL, [owner])).rows[0]?.time_zone ?? 'UTC';
      const startsAt = new Date(String(input.startsAt));
      const minutes = Number(input.durationMinutes);
      await client.query('begin');
      const { rows } = await run(client, 'insert', INSERT_SQL, [
        owner,
        input.title,
        startsAt,
        minutes,
        zone,
        new Date(startsAt.getTime() + minutes * 60_000),
      ]);
      await client.query('commit');
      return json(res, 201, rows[0]);
    } finally {
      client.release();
    }
  }
  return json(res, 404, {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
