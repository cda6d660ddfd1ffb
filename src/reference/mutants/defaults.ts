// The mutant catalogue, category defaults: an omitted (or null, R9) optional field comes back with another value than the contract's default.
import type { Mutant } from '../stages.ts';
import { defaultAs, mutant, omitted, without } from './helpers.ts';

export const DEFAULTS_MUTANTS: Mutant[] = [
  mutant('default-locale-lt', 'defaults', 'T5', "locale defaults to 'lt'", defaultAs('locale', 'lt')),
  mutant('default-expiry-time-3600', 'defaults', 'T6', 'expiryTime defaults to 3600 (the example, not the table)',
    defaultAs('expiryTime', 3600)),
  mutant('default-session-length-300', 'defaults', 'T7', 'sessionLength defaults to 300 (the example, not the table)',
    defaultAs('sessionLength', 300)),
  mutant('default-show-instructions-false', 'defaults', 'T16', 'showInstructions defaults to false', defaultAs('showInstructions', false)),
  mutant('default-token-type-document', 'defaults', 'T15', "tokenType defaults to 'DOCUMENT'", defaultAs('tokenType', 'DOCUMENT')),
  mutant('default-video-call-questions-null', 'defaults', 'T18', 'videoCallQuestions defaults to null instead of []',
    defaultAs('videoCallQuestions', null)),
  // T9 lets an omitted documents list be any configured list (four types is conformant: the
  // documents-configured-list alternate); an empty one is not a list of document types.
  mutant('default-documents-empty', 'defaults', 'T9', 'an omitted documents list comes back empty',
    defaultAs('documents', [])),
  mutant('default-success-url-empty', 'defaults', 'T22', "an omitted successUrl comes back as '' (neither null nor the default URL)",
    defaultAs('successUrl', '')),
  // R11: only a key whose value would be null may be absent (utilityBill may be null, T19); tokenType may not.
  mutant('default-token-type-missing', 'defaults', 'T15', 'tokenType is missing from the response when omitted', {
    tokenResponse: (body, ctx) => (omitted(ctx.request, 'tokenType') ? without(body, 'tokenType') : body),
  }),
  mutant('digit-string-unrequested', 'defaults', 'T17', 'digitString is set although generateDigitString was not true', {
    tokenResponse: (body, ctx) => (ctx.request.generateDigitString === true ? body : { ...body, digitString: '48236571' }),
  }),
  mutant('null-not-defaulted', 'defaults', 'R9', 'a field sent as null comes back null instead of its default (locale null → null)', {
    tokenResponse: (body, ctx) => ({ ...body, ...Object.fromEntries(Object.keys(ctx.request).filter((f) => ctx.request[f] === null && f in body).map((f) => [f, null])) }),
  }),
];
