/** The only place the simulator delivers webhooks to: the merchant API it is served by. */
export const WEBHOOK_PATH = '/webhooks/payments';

/**
 * Why `callbackUrl` is refused, or undefined when it is `<apiBaseUrl>/webhooks/payments`: the same
 * origin (scheme, host, port) as the API serving the simulator and exactly the webhook path under its
 * base path, without credentials, query or fragment. Anything else would let any caller make the
 * delivery function POST signed bodies to an address of their choosing (an SSRF and signing oracle).
 */
export function callbackUrlProblem(callbackUrl: string, apiBaseUrl: string): string | undefined {
  let callback: URL;
  let base: URL;
  try {
    callback = new URL(callbackUrl);
    base = new URL(apiBaseUrl);
  } catch {
    return 'Not a URL.';
  }
  const expected = `${base.pathname.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  if (
    callback.origin !== base.origin ||
    callback.pathname !== expected ||
    callback.username ||
    callback.password ||
    callback.search ||
    callback.hash
  ) {
    return `Must be ${base.origin}${expected}.`;
  }
  return undefined;
}
