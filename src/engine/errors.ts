// The ways a run ends without a verdict of its own making.

/** The target does not answer (or the run was given none): NO VERDICT, never CONFORMANT. */
export class TargetUnreachable extends Error {}

/** A --grep (or replay selection) that leaves nothing to run: a usage error, not a verdict. */
export class NothingToRun extends Error {}
