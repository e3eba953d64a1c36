import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Binds a fake service to a free port on 127.0.0.1 (nothing in the tests leaves the machine). */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes a fake service, cutting the connections a test left open (a hung request among them). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
