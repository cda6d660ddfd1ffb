// How much V8 lets garbage pile up before it collects. Every answer is decoded whole (pactum keeps
// its text twice and parses it), so a target answering 1 MB leaves ~4 MB of garbage per request.
// Little of it lives on (a heap snapshot mid-run holds none of it), but by default V8 lets the old
// generation grow 2.5 to 4 times over what survived the last collection before it collects again:
// with the ~60 MB a run keeps anyway, the process reached ~340 MB against 1 MB answers.
// A process that must stay small says so to V8 once: grow the heap by at most HEAP_GROWING_PERCENT
// over what survived (V8's documented --heap-growing-percent, read at each collection). V8 still
// decides when to collect; nothing is collected on demand.
import v8 from 'node:v8';

const HEAP_GROWING_PERCENT = 20;

let applied = false;

/** Applies the heap growth policy once per process. */
export function keepHeapGrowthSmall(): void {
  if (applied) return;
  applied = true;
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // an engine without the flag: V8's own policy applies
  }
}
