// The embedded reference implementation of the API, on loopback. It is faithful by construction:
// routes, validation (the oracle), identifiers, statuses, defaults, environment gating, the dummy
// message and the D3 outcome all come from the loaded contract. A mutant (mutants.ts) may bend one
// behaviour at a named stage, so the suite can prove it notices.
//
// Every request goes through the same stages, in this order:
//   route → method → auth → rate limit → body (size, UTF-8, JSON object) → environment gating
//   → validation (oracle) → business rules of the operation.
// This file starts it; the stages and flows are in api.ts, beside request.ts (reading), auth.ts,
// verifications.ts, payloads.ts (token response, webhook), reply.ts (writing) and webhook-sender.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadContract } from '../contract/load.ts';
import { mutantRuntime } from './mutants.ts';
import { alternateHooks } from './alternates.ts';
import type { Credential, ReferenceOptions, ReferenceServer, Settings } from './types.ts';
import { answerMalformedHttp } from './reply.ts';
import { WebhookSender } from './webhook-sender.ts';
import { ReferenceApi } from './api.ts';

export type { Credential, Environment, ReferenceOptions, ReferenceServer, Verification } from './types.ts';

const DEFAULT_CREDENTIALS: Credential[] = [
  { key: 'test-key', secret: 'test-secret' },
  { key: 'other-key', secret: 'other-secret' },
];

/** api-facts §2.3: the default quota is 10000 requests per hour. */
const DEFAULT_RATE_LIMIT = { max: 10_000, windowMs: 3_600_000 };

export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const settings = settle(options);
  const contract = await loadContract(settings.profile);
  const mutant = mutantRuntime(settings.mutant, { contract, environment: settings.environment }, alternateHooks(settings.alternates, settings.profile));
  const webhooks = new WebhookSender(settings.webhookAttempts, settings.webhookRetryDelayMs);
  const api = new ReferenceApi(contract, settings, mutant, webhooks);
  const server = http.createServer((req, res) => void api.serve(req, res));
  server.on('clientError', (_: Error, socket: Duplex) => answerMalformedHttp(socket, contract.violations.default));
  await listen(server, settings.host, settings.port);
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  return {
    url: `http://${host}:${port}`,
    environment: settings.environment,
    get webhooksSent() {
      return webhooks.sent;
    },
    get webhooksFailed() {
      return webhooks.failed;
    },
    verifications: (apiKey) => api.store.list(apiKey),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await webhooks.close();
    },
  };
}

function settle(options: ReferenceOptions): Settings {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    environment: options.environment ?? 'development',
    profile: options.profile ?? 'markid',
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    signingKey: options.signingKey,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    deniedFeatures: options.deniedFeatures ?? [],
    mutant: options.mutant,
    alternates: options.alternates ?? [],
    webhookAttempts: Math.max(1, options.webhookAttempts ?? 3),
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 500,
  };
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
