// Names for the generated contract types (generated/ivs.ts), so code reads `TokenRequest`
// rather than `components['schemas']['TokenRequest']`.
import type { components } from '../../generated/ivs.ts';

type Schemas = components['schemas'];
export type TokenRequest = Schemas['TokenRequest'];
export type TokenResponse = Schemas['TokenResponse'];
export type AddDummyStatusRequest = Schemas['AddDummyStatusRequest'];
export type StatusRequest = Schemas['StatusRequest'];
export type StatusResponse = Schemas['StatusResponse'];
export type WebhookPayload = Schemas['WebhookPayload'];
export type ErrorResponse = Schemas['Error'];
export type DummyStatus = Schemas['DummyStatus'];
export type ManualFaceStatus = Schemas['ManualFaceStatus'];
export type ManualDocumentStatus = Schemas['ManualDocumentStatus'];
