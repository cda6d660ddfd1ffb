// Delivery of result webhooks over HTTPS, in order per verification, with retries.
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLoopbackHost } from '../engine/loopback.ts';

const WEBHOOK_ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * Delivers webhooks over HTTPS, one after another per verification (the manual result never overtakes
 * the auto result), retrying a non-200 answer or a network error. Never throws; logs nothing.
 */
export class WebhookSender {
  sent = 0;
  failed = 0;
  private closed = false;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly agent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly attempts: number,
    private readonly retryDelayMs: number,
  ) {}

  enqueue(queue: string, url: string, raw: Buffer, headers: Record<string, string>, delayMs = 0): void {
    const wait = () => (delayMs > 0 && !this.closed ? sleep(delayMs, undefined, { signal: this.abort.signal }).catch(() => undefined) : undefined);
    const next = (this.queues.get(queue) ?? Promise.resolve()).then(wait).then(() => this.deliver(url, raw, headers));
    this.queues.set(queue, next);
    void next.then(() => {
      if (this.queues.get(queue) === next) this.queues.delete(queue);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await Promise.allSettled([...this.queues.values()]);
    this.agent.destroy();
  }

  private async deliver(url: string, raw: Buffer, headers: Record<string, string>): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
      if (attempt > 1) await sleep(this.retryDelayMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
      if (!this.closed && (await this.postOnce(url, raw, headers))) {
        this.sent += 1;
        return;
      }
    }
    this.failed += 1;
  }

  /** True when the receiver answered 200. */
  private postOnce(url: string, raw: Buffer, headers: Record<string, string>): Promise<boolean> {
    return new Promise((resolve) => {
      try {
        const target = new URL(url);
        if (target.protocol !== 'https:') return resolve(false);
        const req = https.request(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'Content-Length': String(raw.length) },
            agent: this.agent,
            // W5: certificate checks are skipped only for a receiver on this machine.
            rejectUnauthorized: !isLoopback(target.hostname),
            signal: this.abort.signal,
            timeout: WEBHOOK_ATTEMPT_TIMEOUT_MS,
          },
          (res) => {
            res.on('error', () => resolve(false));
            res.on('end', () => resolve(res.statusCode === 200));
            res.resume();
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end(raw);
      } catch {
        resolve(false);
      }
    });
  }
}

function isLoopback(hostname: string): boolean {
  return isLoopbackHost(hostname);
}
