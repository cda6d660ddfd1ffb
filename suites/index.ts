// The registry of suites, in the order they run and a report lists them.
import type { SuiteDefinition } from '../src/engine/suite.ts';
import tokenPositive from './token-positive.suite.ts';
import tokenBoundaries from './token-boundaries.suite.ts';
import tokenNegative from './token-negative.suite.ts';
import tokenDefaults from './token-defaults.suite.ts';
import tokenCustomSettings from './token-custom-settings.suite.ts';
import auth from './auth.suite.ts';
import protocol from './protocol.suite.ts';
import environment from './environment.suite.ts';
import dummySessions from './dummy-sessions.suite.ts';
import status from './status.suite.ts';
import webhooks from './webhooks.suite.ts';
import robustness from './robustness.suite.ts';
import valueTaxonomy from './value-taxonomy.suite.ts';

// Ordered by value: the suites that find most of what careful builds get wrong run first, so a
// small --max-requests spends its budget on them (robustness, which asserts only R7, runs last).
export const SUITES: SuiteDefinition[] = [
  tokenNegative,
  auth,
  protocol,
  environment,
  tokenDefaults,
  tokenPositive,
  valueTaxonomy,
  tokenBoundaries,
  dummySessions,
  status,
  webhooks,
  tokenCustomSettings,
  robustness,
];
