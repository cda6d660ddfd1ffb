// What keeps a hostile target from hanging or flooding a run: every attempt opens its own
// connection through this guard, which enforces a TOTAL deadline (connect + headers + body, not a
// socket-idle timeout a one-byte-per-second answer would keep resetting), a cap on the bytes
// received, and the run's abort signal (Ctrl-C). When any of them trips, the socket is destroyed
// and `tripped` resolves, whatever the HTTP client above it is still waiting for.
import net from 'node:net';
import tls from 'node:tls';

export type GuardTrip =
  | { kind: 'deadline'; ms: number }
  | { kind: 'too-large'; limit: number; received: number; declared?: number }
  | { kind: 'aborted' };

export interface GuardOptions {
  url: URL;
  deadlineMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Room for the status line and headers on top of the body cap. */
const HEADER_ALLOWANCE = 64 * 1024;

export class ConnectionGuard {
  /** Resolves with the reason once the deadline, the byte cap or the abort signal trips. */
  readonly tripped: Promise<GuardTrip>;
  private trip!: (reason: GuardTrip) => void;
  private readonly sockets = new Set<net.Socket>();
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = () => this.fail({ kind: 'aborted' });
  private received = 0;
  private head = '';
  private declared?: number;
  tripReason?: GuardTrip;

  constructor(private readonly options: GuardOptions) {
    this.tripped = new Promise((resolve) => (this.trip = resolve));
    this.timer = setTimeout(() => this.fail({ kind: 'deadline', ms: options.deadlineMs }), options.deadlineMs);
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * For http.request's `createConnection` option: a fresh connection to the URL's host, counted
   * and bounded. Host and port come from the URL itself, never from the client's defaults.
   */
  readonly createConnection = (): net.Socket => {
    const { url } = this.options;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const socket =
      url.protocol === 'https:'
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
        : net.connect({ host, port });
    this.sockets.add(socket);
    socket.on('data', (chunk: Buffer) => this.count(chunk));
    if (this.tripReason) socket.destroy();
    return socket;
  };

  private count(chunk: Buffer): void {
    this.received += chunk.length;
    if (this.declared === undefined && this.head.length < HEADER_ALLOWANCE) {
      this.head += chunk.subarray(0, HEADER_ALLOWANCE).toString('latin1');
      const end = this.head.indexOf('\r\n\r\n');
      if (end !== -1) {
        const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(this.head.slice(0, end));
        this.declared = length ? Number(length[1]) : NaN;
        this.head = '';
      }
    }
    // A declared size over the cap is refused at once, without downloading it.
    const declared = Number.isFinite(this.declared) ? this.declared : undefined;
    if ((declared !== undefined && declared > this.options.maxBytes) || this.received > this.options.maxBytes + HEADER_ALLOWANCE) {
      this.fail({ kind: 'too-large', limit: this.options.maxBytes, received: this.received, ...(declared !== undefined ? { declared } : {}) });
    }
  }

  private fail(reason: GuardTrip): void {
    if (this.tripReason) return;
    this.tripReason = reason;
    for (const socket of this.sockets) socket.destroy();
    this.trip(reason);
  }

  /** Ends the guard after the attempt: timer cleared, any socket still open closed. */
  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    for (const socket of this.sockets) socket.destroy();
  }
}

export function describeTrip(trip: GuardTrip): string {
  switch (trip.kind) {
    case 'deadline':
      return `no complete answer within ${trip.ms} ms (total deadline)`;
    case 'aborted':
      return 'run aborted';
    case 'too-large':
      return trip.declared !== undefined
        ? `answer of ${trip.declared} bytes exceeds the ${trip.limit}-byte cap`
        : `answer exceeds the ${trip.limit}-byte cap (${trip.received} bytes received when cut off)`;
  }
}
