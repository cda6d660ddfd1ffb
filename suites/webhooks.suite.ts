import { defineSuite, skipOutsideDevelopment } from '../src/engine/suite.ts';
import { webhookCases } from '../src/cases/webhooks.ts';
import { queryCallbackCase, secondManualWebhookCase } from '../src/cases/domains.ts';

export default defineSuite({
  name: 'webhooks',
  description: 'Signed result webhooks: one auto result per dummy token with a callbackUrl (W1-W3), one manual result per add-dummy-status (W4, D3).',
  skip: skipOutsideDevelopment,
  cases: (contract) => [...webhookCases('webhooks', contract), secondManualWebhookCase('webhooks', contract), queryCallbackCase('webhooks', contract)],
});
