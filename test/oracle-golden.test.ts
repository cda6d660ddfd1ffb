// A hand-written golden table: request → expected answer (identifier and status), at least one row
// per ruling, written from rulings.md by hand. It does NOT go through the oracle or the contract
// helpers to compute what it expects, so a wrong contract cannot make the suite and the reference
// agree: the reference is asked over HTTP, and the oracle's own verdict is compared with the row.
import assert from 'node:assert/strict';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { loadContract } from '../src/contract/load.ts';
import { oracleFor } from '../src/contract/oracle.ts';

type Want = { accept: number[] } | { identifier: string; status: number[] } | { neverSend: true };
interface Row {
  rule: string;
  path?: string;
  method?: string;
  body?: unknown;
  raw?: string;
  auth?: string | null;
  environment?: 'development' | 'testing' | 'production';
  want: Want;
}

const TOKEN = '/api/v2/token';
const KEY = 'golden-key';
const SECRET = 'golden-secret';
const BASIC = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;
const c = { clientId: 'golden' };
const created = { accept: [200, 201] };
const bad = { identifier: 'BAD_VALUE', status: [400] };
const missing = { identifier: 'MISSING_VALUE', status: [400] };

const ROWS: Row[] = [
  { rule: 'R1', body: {}, want: missing },
  { rule: 'R2', body: c, auth: null, want: { identifier: 'UNAUTHORIZED', status: [401, 400] } },
  { rule: 'R3', raw: '{"clientId": ', want: { identifier: 'JSON_ERROR', status: [400] } },
  { rule: 'R3', raw: '[1, 2]', want: { identifier: 'JSON_ERROR', status: [400] } },
  { rule: 'R3', method: 'GET', want: { identifier: 'METHOD_NOT_ALLOWED', status: [405, 400] } },
  { rule: 'R4', body: c, want: created },
  { rule: 'R5', body: { ...c, somethingUnknown: 1 }, want: created },
  { rule: 'R6', body: { ...c, expiryTime: '600' }, want: bad },
  { rule: 'R6', body: { ...c, showInstructions: 'true' }, want: bad },
  { rule: 'R9', body: { ...c, locale: null, expiryTime: null }, want: created },
  { rule: 'T1', body: { clientId: null }, want: missing },
  { rule: 'T1', body: { clientId: 'x'.repeat(101) }, want: bad },
  { rule: 'T2', body: { ...c, firstName: 'Jo5n' }, want: bad },
  { rule: 'T2', body: { ...c, firstName: 'Ann-Marie O\'Neil & Co.' }, want: created },
  { rule: 'T2', body: { ...c, lastName: 'Ж'.repeat(100) }, want: created },
  { rule: 'T4', body: { ...c, callbackUrl: 'http://example.com/hook' }, want: bad },
  { rule: 'T4', body: { ...c, successUrl: 'abcd' }, want: bad },
  { rule: 'T5', body: { ...c, locale: 'EN' }, want: bad },
  { rule: 'T5', body: { ...c, locale: 'lt' }, want: created },
  { rule: 'T6', body: { ...c, expiryTime: 0 }, want: bad },
  { rule: 'T6', body: { ...c, expiryTime: 2592000 }, want: created },
  { rule: 'T7', body: { ...c, sessionLength: 60 }, want: bad },
  { rule: 'T7', body: { ...c, sessionLength: 3599 }, want: created },
  { rule: 'T8', body: { ...c, country: 'lt', nationality: 'LT' }, want: created },
  { rule: 'T8', body: { ...c, country: 'XK' }, want: { neverSend: true } },
  { rule: 'T9', body: { ...c, documents: [] }, want: bad },
  { rule: 'T9', body: { ...c, documents: ['PASSPORT', 'PASSPORT'] }, want: bad },
  { rule: 'T9', body: { ...c, documents: ['OTHER'] }, want: created },
  { rule: 'T10', body: { ...c, dateOfBirth: '2021-02-30' }, want: bad },
  { rule: 'T11', body: { ...c, personalNumber: '' }, want: bad },
  { rule: 'T12', body: { ...c, sex: 'X' }, want: bad },
  { rule: 'T13', body: { ...c, address: 'a'.repeat(256) }, want: bad },
  { rule: 'T14', body: { ...c, externalRef: 'r'.repeat(41) }, want: bad },
  { rule: 'T15', body: { ...c, tokenType: 'VIDEO' }, want: bad },
  { rule: 'T16', body: { ...c, showInstructions: false }, want: created },
  { rule: 'T17', body: { ...c, generateDigitString: true }, want: created },
  { rule: 'T18', body: { ...c, videoCallQuestions: 'why?' }, want: bad },
  { rule: 'T19', body: { ...c, utilityBill: true, additionalSteps: { ALL: {} } }, want: bad },
  { rule: 'T19', body: { ...c, additionalData: { UTILITY_BILL: {} } }, want: bad },
  { rule: 'T21', body: { ...c, dummyStatus: 'APPROVED' }, want: created },
  { rule: 'T21', body: { ...c, dummyStatus: 'APPROVED' }, environment: 'production', want: { identifier: 'PERMISSIONS_ERROR', status: [400] } },
  { rule: 'T21', body: c, environment: 'production', want: created },
  { rule: 'T23', body: { ...c, dummyStatus: 'approved' }, want: bad },
  { rule: 'T24', body: { ...c, generateDigitString: true, expiryTime: 90000 }, want: { neverSend: true } },
  { rule: 'C1', body: { ...c, checkLiveness: true }, want: created },
  { rule: 'D1', path: '/api/v2/add-dummy-status', body: { scanRef: 'no-such-scan-ref', manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' }, want: bad },
  { rule: 'D2', path: '/api/v2/add-dummy-status', body: { scanRef: 'x', manualFaceMatchResult: 'FACE_MATCH' }, want: missing },
  { rule: 'D4', path: '/api/v2/add-dummy-status', body: { scanRef: 'x', manualFaceMatchResult: 'FACE_MATCH', manualDocumentValidity: 'DOC_VALIDATED' }, environment: 'testing', want: { identifier: 'PERMISSIONS_ERROR', status: [400] } },
];

const OPERATIONS: Record<string, string> = { [TOKEN]: 'createToken', '/api/v2/add-dummy-status': 'addDummyStatus' };

describe('golden table: request → identifier and status, one row per ruling or more', function () {
  this.timeout(60_000);
  const servers = new Map<string, ReferenceServer>();
  before(async () => {
    for (const environment of ['development', 'testing', 'production'] as const) {
      servers.set(environment, await startReference({ environment, credentials: [{ key: KEY, secret: SECRET }] }));
    }
  });
  after(async () => {
    for (const server of servers.values()) await server.close();
  });

  for (const [i, row] of ROWS.entries()) {
    const what = row.raw ?? (row.body === undefined ? '' : JSON.stringify(row.body).slice(0, 80));
    it(`${row.rule} #${i}: ${row.method ?? 'POST'} ${row.path ?? TOKEN} ${what} (${row.environment ?? 'development'})`, async () => {
      const path = row.path ?? TOKEN;
      if ('neverSend' in row.want || row.body !== undefined) {
        const verdict = oracleFor(await loadContract('markid')).judge(OPERATIONS[path], row.body ?? JSON.parse(row.raw ?? 'null'));
        if ('neverSend' in row.want) return assert.equal(verdict.neverSend, true, 'the oracle must give no verdict');
        if ('accept' in row.want) assert.ok(verdict.valid && !verdict.neverSend, `the oracle refuses a valid request: ${JSON.stringify(verdict)}`);
        else if (row.environment === undefined || path === TOKEN) {
          if (!(row.rule === 'D1' || row.rule === 'D4' || row.environment || row.auth === null)) assert.ok(!verdict.valid && !verdict.neverSend && verdict.violations.every((v) => v.identifier === (row.want as any).identifier), `oracle: ${JSON.stringify(verdict)}`);
        }
      }
      const server = servers.get(row.environment ?? 'development')!;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (row.auth !== null) headers.authorization = row.auth ?? BASIC;
      const method = row.method ?? 'POST';
      const response = await fetch(`${server.url}${path}`, { method, headers, body: method === 'GET' ? undefined : (row.raw ?? JSON.stringify(row.body)) });
      const json = (await response.json().catch(() => undefined)) as any;
      if ('accept' in row.want) {
        assert.ok(row.want.accept.includes(response.status), `expected ${row.want.accept.join(' or ')}, got ${response.status} ${JSON.stringify(json)}`);
      } else {
        assert.equal(json?.identifier, row.want.identifier, `got ${response.status} ${JSON.stringify(json)}`);
        assert.ok(row.want.status.includes(response.status), `status ${response.status}, expected ${row.want.status.join(' or ')}`);
      }
    });
  }

  it('has a row for every ruling the table is about', () => {
    const covered = new Set(ROWS.map((r) => r.rule));
    for (const id of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R9', 'T1', 'T2', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'T13', 'T14', 'T15', 'T16', 'T17', 'T18', 'T19', 'T21', 'T23', 'T24', 'C1', 'D1', 'D2', 'D4']) assert.ok(covered.has(id), id);
  });
});
