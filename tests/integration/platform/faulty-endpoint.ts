import net from 'node:net';

export type EndpointMode = 'forward' | 'refuse' | 'blackhole';

/**
 * A TCP endpoint in front of a real service (the SQS emulator) that a test can switch between
 * forwarding, refusing connections (nothing listens: ECONNREFUSED) and accepting connections that never
 * get an answer. Switching drops every open connection, so pooled keep-alive sockets see the change too.
 */
export interface FaultyEndpoint {
  url: string;
  set(mode: EndpointMode): Promise<void>;
  /** Connections accepted so far that were never answered (blackhole mode). */
  unanswered(): number;
  close(): Promise<void>;
}

export async function faultyEndpoint(
  target: string,
  mode: EndpointMode = 'forward',
): Promise<FaultyEndpoint> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let current = mode;
  let unanswered = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (current === 'blackhole') {
      unanswered += 1;
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: at, host: '127.0.0.1' }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  await listen(0);
  const ownPort = (server.address() as net.AddressInfo).port;
  if (mode === 'refuse') await stopListening();
  return {
    url: `http://127.0.0.1:${ownPort}`,
    async set(next) {
      for (const socket of sockets) socket.destroy();
      if (next === 'refuse' && server.listening) await stopListening();
      if (next !== 'refuse' && !server.listening) await listen(ownPort);
      current = next;
    },
    unanswered: () => unanswered,
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await stopListening();
    },
  };
}
