// Issue 16 item 5: the webhook receiver may be reachable from the internet through a tunnel. It
// keeps whole only deliveries that verify, bounds what it holds (count and bytes), and does not
// take a genuine delivery replayed byte for byte as a new result (no false W1/W4).
import { strict as assert } from 'node:assert';
import { loadContract, type Contract } from '../src/contract/load.ts';
import { signBody } from '../src/webhooks/signature.ts';
import { startReceiver, type Receiver } from '../src/webhooks/receiver.ts';
import { postWebhook } from './helpers/hostile/webhook-client.ts';

const KEY = 'hook-signing-key';

describe('hardening: the webhook receiver under attack (issue 16 item 5)', function () {
  this.timeout(60_000);
  let contract: Contract;
  let receiver: Receiver;
  let header: string;
  before(async () => {
    contract = await loadContract('markid');
    header = contract.webhook.signatureHeader;
  });
  beforeEach(async () => {
    receiver = await startReceiver({ signingKey: KEY, contract });
  });
  afterEach(() => receiver.close());

  const held = () => receiver.deliveries().reduce((n, d) => n + d.raw.length, 0);

  it('a flood of unsigned 200 KB posts: at most 100 summaries kept, none of their bytes', async () => {
    const body = Buffer.from(JSON.stringify({ scanRef: 'flood', pad: 'f'.repeat(200_000) }));
    for (let i = 0; i < 150; i += 10) await Promise.all(Array.from({ length: 10 }, () => postWebhook(`${receiver.url}/hooks/x`, body)));
    assert.ok(receiver.deliveries().length <= 100, `${receiver.deliveries().length} kept`);
    assert.equal(held(), 0);
  });

  it('an oversized post (1 MB, even signed) is refused and not kept', async () => {
    const body = Buffer.from(JSON.stringify({ scanRef: 'big', pad: 'b'.repeat(1_000_000) }));
    const status = await postWebhook(`${receiver.url}/hooks/x`, body, { [header]: signBody(body, KEY) });
    assert.notEqual(status, 200);
    assert.equal(receiver.deliveries().length, 0);
  });

  it('a genuine delivery replayed byte for byte is kept once', async () => {
    const body = Buffer.from(JSON.stringify({ scanRef: 'replayed', status: { overall: 'APPROVED' } }));
    const signature = signBody(body, KEY);
    for (let i = 0; i < 3; i++) assert.equal(await postWebhook(`${receiver.url}/hooks/x`, body, { [header]: signature }), 200);
    assert.equal(receiver.deliveries('replayed').length, 1);
    assert.equal(receiver.dropped.replays, 2);
  });

  it('a genuine delivery is kept whole; a forged one for the same scanRef as a summary with its small body (evidence, issue 19)', async () => {
    const genuine = Buffer.from(JSON.stringify({ scanRef: 'mixed', status: { overall: 'DENIED' } }));
    const forged = Buffer.from(JSON.stringify({ scanRef: 'mixed', status: { overall: 'APPROVED' } }));
    await postWebhook(`${receiver.url}/hooks/x`, forged, { [header]: 'f'.repeat(64) });
    await postWebhook(`${receiver.url}/hooks/x`, genuine, { [header]: signBody(genuine, KEY) });
    const [first, second] = receiver.deliveries('mixed');
    assert.equal(first.signatureValid, false);
    assert.deepEqual(first.raw, forged, 'a small body is kept so its signature can be re-verified by hand');
    assert.equal(first.headers[header.toLowerCase()], 'f'.repeat(64));
    assert.equal(second.signatureValid, true);
    assert.deepEqual(second.raw, genuine);
  });
});
