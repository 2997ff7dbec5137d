/**
 * Output of the local runtime itself. Status lines are for humans and go to stderr so stdout carries
 * only the handlers' structured JSON logs (forwarded from serverless-offline) and the poller's JSON lines.
 */
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function info(line: string): void {
  if (!quiet) process.stderr.write(`[syncore] ${line}\n`);
}

export function warn(line: string): void {
  process.stderr.write(`[syncore] WARNING: ${line}\n`);
}

/** One JSON line on stdout, in the same shape as the handlers' Powertools logs. */
export function jsonLine(level: 'INFO' | 'WARN' | 'ERROR', message: string, fields: object): void {
  process.stdout.write(
    `${JSON.stringify({ level, message, service: 'syncore-local', timestamp: new Date().toISOString(), ...fields })}\n`,
  );
}

/** An error the user can fix: printed without a stack trace, exit code 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
