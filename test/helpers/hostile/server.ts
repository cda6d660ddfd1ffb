// A real HTTP server on 127.0.0.1 that misbehaves on purpose: the hostile targets of the
// hardening tests are built from it (echo, trickle, big, escapes, flaky).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

export interface HostileServer {
  url: string;
  /** Requests received so far. */
  requests: number;
  close(): Promise<void>;
}

export async function startHostile(handler: HostileHandler): Promise<HostileServer> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
    res.on('error', () => {}); // the client hung up on us: expected here
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A bare TCP server on 127.0.0.1: for answers no HTTP server library would send (headers trickled byte by byte). */
export async function startRawHostile(onSocket: (socket: import('node:net').Socket) => void): Promise<HostileServer> {
  const net = await import('node:net');
  const state = { requests: 0 };
  const sockets = new Set<import('node:net').Socket>();
  const server = net.createServer((socket) => {
    state.requests++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
