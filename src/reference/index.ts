// The embedded reference implementation of the API and its catalogue of deliberate deviations.
export { startReference } from './server.ts';
export type { Credential, Environment, ReferenceOptions, ReferenceServer, Verification } from './server.ts';
export { MUTANTS, mutantById, mutantRuntime } from './mutants.ts';
export type { Mutant, MutantRuntime, Stage, Stages, Hook, Hooks } from './mutants.ts';
