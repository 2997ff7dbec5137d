import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSsm {
  /** Every GetParameter asked for, in order. */
  requested: Array<{ name: string; decrypt: boolean }>;
  close(): Promise<void>;
}

/**
 * An SSM endpoint answering GetParameter from `parameters` as the real one does, counting the calls;
 * points the SDK at it (AWS_ENDPOINT_URL_SSM, test credentials). The caller restores process.env.
 */
export async function fakeSsm(parameters: Record<string, string>): Promise<FakeSsm> {
  const requested: FakeSsm['requested'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const { Name, WithDecryption } = JSON.parse(body) as { Name: string; WithDecryption: boolean };
      requested.push({ name: Name, decrypt: WithDecryption });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: parameters[Name], Version: 1 } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  return { requested, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
