// The reference server's public types (options, verifications, the running server) and its settled settings.

export type Environment = 'development' | 'testing' | 'production';

export interface Credential {
  key: string;
  secret: string;
}

export interface ReferenceOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Default development. */
  environment?: Environment;
  /** Default markid. */
  profile?: string;
  /** Default test-key/test-secret and other-key/other-secret. */
  credentials?: Credential[];
  /** Webhook signing key; default the API secret of the key that created the verification (W2). */
  signingKey?: string;
  /** Default 10000 requests per hour per API key (api-facts §2.3). */
  rateLimit?: { max: number; windowMs: number };
  /** Gated fields (x-ivs-gated) this account has not enabled, e.g. ['callbackUrl']: refused when sent. */
  deniedFeatures?: string[];
  /** A mutant id from the catalogue; undefined = faithful. */
  mutant?: string;
  /** Conformant variants (alternates.ts) switched on together; each takes one latitude. */
  alternates?: string[];
  /** Default 3. */
  webhookAttempts?: number;
  /** Default 500. */
  webhookRetryDelayMs?: number;
}

/** One verification, as the reference keeps it (isolated per API key). */
export interface Verification {
  scanRef: string;
  apiKey: string;
  clientId: string;
  externalRef: string | null;
  callbackUrl: string | null;
  /** The auto status the token was created with; null for a non-dummy token. */
  dummyStatus: string | null;
  autoFace: string | null;
  autoDocument: string | null;
  manualFace: string | null;
  manualDocument: string | null;
  overall: string;
  /** Unix seconds. */
  startTime: number;
  finishTime: number | null;
}

export interface ReferenceServer {
  url: string;
  environment: Environment;
  /** Webhook deliveries answered 200. */
  readonly webhooksSent: number;
  /** Webhook deliveries that failed every attempt. */
  readonly webhooksFailed: number;
  /** A snapshot of the verifications created with `apiKey` (for tests). */
  verifications(apiKey: string): Verification[];
  close(): Promise<void>;
}

export interface Settings {
  host: string;
  port: number;
  environment: Environment;
  profile: string;
  credentials: Credential[];
  signingKey?: string;
  rateLimit: { max: number; windowMs: number };
  deniedFeatures: string[];
  mutant?: string;
  alternates: string[];
  webhookAttempts: number;
  webhookRetryDelayMs: number;
}

export type Body = Record<string, unknown>;
