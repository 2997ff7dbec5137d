/**
 * Tells database outages apart from bugs. A caller cannot fix either, but an outage is temporary: it
 * becomes 503 SERVICE.UNAVAILABLE with Retry-After instead of a 500.
 *
 * - 'connection': the connection itself failed or never answered (refused, reset, pool connect timeout,
 *   client-side query timeout, server shutting down). The pool may hold broken connections: drop it.
 * - 'overload': the server answered, but too slowly or too busy (statement timeout, too many connections).
 */
export type DatabaseTrouble = 'connection' | 'overload';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '25P03', // idle_in_transaction_session_timeout ended the session
]);
const OVERLOAD_CODES = new Set(['57014', '53300', '53400', '55P03']); // canceled (timeout), too many connections, lock
const CONNECTION_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client was closed|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export function databaseTrouble(error: unknown): DatabaseTrouble | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection';
    if (typeof code === 'string' && code.startsWith('08')) return 'connection'; // connection_exception
    if (typeof code === 'string' && OVERLOAD_CODES.has(code)) return 'overload';
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return 'connection';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * An AWS dependency (DynamoDB, SQS, SSM, Secrets Manager) that did not answer in time, refused the
 * connection, throttled or failed on its side: temporary, so 503 rather than 500.
 */
export function awsTrouble(error: unknown): boolean {
  // Wrappers (Powertools idempotency, our own) keep the SDK error as their cause.
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (isAwsTrouble(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isAwsTrouble(error: unknown): boolean {
  const { name, code, $fault, $metadata } = (error ?? {}) as {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: unknown;
  };
  if (name === 'TimeoutError' || name === 'RequestTimeout' || /Throttl/i.test(name ?? '')) return true;
  if ($metadata !== undefined && $fault === 'server') return true;
  if ($metadata === undefined) return false;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  // The SDK wraps what is not an Error of its own realm ("AWS SDK error wrapper for Error: connect …").
  const { message } = error as { message?: string };
  return /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b|socket hang up/.test(
    message ?? '',
  );
}
