// Which named guards (src/checks/guards.ts holds the table) are switched off, for the work running
// in this async context. A run carries its switches in its own context (RunContext.guardsOff) and
// runs each case inside them: nothing is process-wide, so runs side by side in one process (the
// self-test's pool, a test's two runs) never see each other's switches. Lives with the contract
// because the oracle reads one guard (vendor-vocabulary) and the contract imports nothing above it.
import { AsyncLocalStorage } from 'node:async_hooks';

const switchedOff = new AsyncLocalStorage<ReadonlySet<string>>();

/** Whether the guard `name` is on here (always, outside a guard's regression test). */
export function guardOn(name: string): boolean {
  return !switchedOff.getStore()?.has(name);
}

/** The guards switched off in this async context (those of an enclosing scope included). */
export function guardsOffHere(): ReadonlySet<string> {
  return switchedOff.getStore() ?? new Set();
}

/** Runs `work` (and everything it starts) with `names` switched off, on top of this context's. */
export function withGuardsOff<T>(names: Iterable<string>, work: () => T): T {
  const off = new Set([...guardsOffHere(), ...names]);
  return off.size ? switchedOff.run(off, work) : work();
}
