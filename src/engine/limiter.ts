// Pacing of a run's requests: how many at once, and how far apart they start.
import { setTimeout as sleep } from 'node:timers/promises';


/** At most `concurrency` holders at once, and holders start at least 1/rate s apart (rate 0 = no spacing). */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStart = 0;

  constructor(
    private readonly rate: number,
    private readonly concurrency: number,
  ) {}

  async acquire(): Promise<void> {
    if (this.active < this.concurrency) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // slot handed over by release()
    await this.pace();
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Simple spacing: each start books the next free 1/rate slot. */
  private async pace(): Promise<void> {
    if (this.rate <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.rate;
    if (start > now) await sleep(start - now);
  }
}
