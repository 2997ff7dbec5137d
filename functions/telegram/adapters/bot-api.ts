import { tracingAgent } from '#platform/telemetry/http-agent';
// Bot API paths carry the token (`/bot<token>/sendMessage`): spans show it as `/bot<token>/…`.
import { redactPath } from '#platform/telemetry/instrument';

/**
 * telegraf's client options for the Bot API at `apiRoot`: telegraf calls it with its own node-fetch, not
 * the global fetch, so its requests get the tracing agent (a client span and `traceparent` per call).
 * telegraf replaces any agent with none when apiRoot starts with "http://" (its default agent speaks
 * https only) and rebuilds its client for every update, so setting the agent afterwards does not stick.
 * URL schemes are case-insensitive (RFC 3986 §3.1) and the WHATWG URL parser lowercases them: an
 * "HTTP://" root (the local fake Bot API) reaches the same server and keeps the agent.
 */
export function botApiOptions(apiRoot: string) {
  return {
    apiRoot: apiRoot.replace(/^http:\/\//i, 'HTTP://'),
    agent: tracingAgent(apiRoot, { redactPath }),
  };
}
