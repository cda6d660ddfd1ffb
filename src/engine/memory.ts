// Big answers leave big garbage: pactum's client makes two strings of every body besides the
// buffer, and V8 (whose heap limit is sized from the machine's memory) lets that garbage pile up
// for hundreds of MB before it collects. A run fed 1 MB answers by a target would then grow far
// beyond what it keeps. So once enough big bodies have gone by, we ask V8 for a full collection,
// through Node's public v8/vm modules (the `gc` function is not exposed without a flag).
import v8 from 'node:v8';
import vm from 'node:vm';

/** Bodies at least this big count towards the next collection. */
const BIG_BODY_BYTES = 256 * 1024;
/** A full collection after this many bytes of big bodies. */
const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

let pending = 0;
let collect: (() => void) | undefined | null;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  } catch {
    collect = null; // no collection on demand: V8 decides alone
  }
  return collect;
}

/** Notes a body of `bytes` received; collects garbage once big bodies add up. */
export function noteBodyBytes(bytes: number): void {
  if (bytes < BIG_BODY_BYTES) return;
  pending += bytes;
  if (pending < COLLECT_EVERY_BYTES) return;
  pending = 0;
  collector()?.();
}
