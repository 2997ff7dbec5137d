import { isLocalHost, parseRuntimeOptions } from './config.js';

describe('parseRuntimeOptions', () => {
  it('derives the Lambda port from the HTTP port and reads flags over env', () => {
    const options = parseRuntimeOptions(['--port', '4000', '--fresh'], { PORT: '5000' });

    expect(options).toMatchObject({
      httpPort: 4000,
      lambdaPort: 4002,
      fresh: true,
      dev: false,
      pgPort: 54329,
    });
  });

  it('refuses a non-local DATABASE_URL unless SYNCORE_ALLOW_REMOTE=1', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db.prod.example.com:5432/syncore' };

    expect(() => parseRuntimeOptions([], env)).toThrow(/DATABASE_URL .*SYNCORE_ALLOW_REMOTE=1/);
    expect(parseRuntimeOptions([], { ...env, SYNCORE_ALLOW_REMOTE: '1' }).external.databaseUrl).toBe(
      env.DATABASE_URL,
    );
  });

  it('names the setting when a port is invalid or a flag is unknown', () => {
    expect(() => parseRuntimeOptions([], { SYNCORE_SQS_PORT: '99999' })).toThrow(/SYNCORE_SQS_PORT/);
    expect(() => parseRuntimeOptions(['--nope'], {})).toThrow(/usage: npm start/);
  });
});

describe('isLocalHost', () => {
  it.each([
    'localhost',
    '127.0.0.1',
    '::1',
    '[::1]',
    'sqs.eu-central-1.localhost',
    'postgres',
    'localstack',
    'host.docker.internal',
  ])('accepts %s', (host) => expect(isLocalHost(host)).toBe(true));

  it.each(['db.example.com', '10.0.0.5', 'localhost.example.com', 'postgres.internal'])(
    'rejects %s',
    (host) => expect(isLocalHost(host)).toBe(false),
  );
});
