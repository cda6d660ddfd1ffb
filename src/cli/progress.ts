// Progress of a run: a live bar on a terminal, plain lines in CI or when output is piped.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../engine/run.ts';

export interface Progress {
  update(event: ProgressEvent): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY && !process.env.CI;
  return live ? liveBar(stream) : plainLines(stream);
}

function rate(event: ProgressEvent): string {
  return (event.requests / Math.max(0.001, event.elapsedMs / 1000)).toFixed(0);
}

function liveBar(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {bar} {value}/{total} checks | {passed} passed, {failed} failed, {inconclusive} inconclusive | {suite} | {rps} req/s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(event) {
      if (!started) {
        bar.start(event.total, 0, { suite: event.suite, passed: 0, failed: 0, inconclusive: 0, rps: 0 });
        started = true;
      }
      bar.update(event.done, { suite: event.suite, passed: event.passed, failed: event.failed, inconclusive: event.inconclusive, rps: rate(event) });
    },
    stop: () => started && bar.stop(),
  };
}

/** One line per tenth of the run, so CI logs stay short. */
function plainLines(stream: NodeJS.WriteStream): Progress {
  let lastTenth = -1;
  return {
    update(event) {
      const tenth = Math.floor((10 * event.done) / Math.max(1, event.total));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      // passed + failed + inconclusive = done: the same counts the summary ends with.
      stream.write(`progress ${event.done}/${event.total} checks: ${event.passed} passed, ${event.failed} failed, ${event.inconclusive} inconclusive, ${event.requests} requests, ${rate(event)} req/s\n`);
    },
    stop() {},
  };
}
