// Pacing of a run's requests: how many at once, and how far apart they start. A stopped limiter
// (the run interrupted, or its request budget spent) lets every queued request through at once, so
// that each can see it has nothing left to send: a stop never waits for rate slots.
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** At most `concurrency` holders at once, and holders start at least 1/rate s apart (rate 0 = no spacing). */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStart = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly rate: number,
    private readonly concurrency: number,
  ) {
    setMaxListeners(0, this.stopping.signal); // every paced request listens to it while it waits
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  async acquire(): Promise<void> {
    if (this.active < this.concurrency || this.stopped) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // slot handed over by release() or stop()
    await this.pace();
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Ends all waiting: queued holders are let through at once, and no one is paced any more. */
  stop(): void {
    if (this.stopped) return;
    this.stopping.abort();
    for (const next of this.waiting.splice(0)) {
      this.active++;
      next();
    }
  }

  /** Simple spacing: each start books the next free 1/rate slot. */
  private async pace(): Promise<void> {
    if (this.rate <= 0 || this.stopped) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.rate;
    if (start > now) await sleep(start - now, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
