// What the run's deliveries as a whole say beyond each flow's verdict: a wrong signing key (a setup
// mistake, not a vendor's W2 bug) and the deliveries that did not verify beside ones that did
// (evidence a bystander may have forged, reported apart from the verdict).
import type { Delivery } from './receiver.ts';
import { ENV } from '../env-names.ts';

/** Below this many deliveries a failing signature says too little to blame the key. */
const MIN_DELIVERIES = 2;

/**
 * The setup line when every delivery carries a signature that fails with the run's key and nothing
 * else the run knows explains it (not upper-case, not another credential of the run's API key, not a
 * re-serialised body): the key given is not the one the target signs with. A delivery verifying with
 * the API secret while another key was given means the same.
 */
export function signingKeyProblem(deliveries: Delivery[], signatureHeader: string, keyGiven: boolean): string | undefined {
  if (deliveries.length < MIN_DELIVERIES || deliveries.some((d) => d.signatureValid)) return undefined;
  const header = signatureHeader.toLowerCase();
  if (deliveries.some((d) => typeof d.headers[header] !== 'string')) return undefined;
  const bySecret = (d: Delivery) => keyGiven && d.signatureExplained === 'signed with the API secret';
  if (!deliveries.every((d) => d.signatureExplained === undefined || bySecret(d))) return undefined;
  const hint = deliveries.every(bySecret)
    ? `they verify with the API secret: drop --webhook-signing-key (${ENV.webhookSigningKey}) or set it to the key the target signs with`
    : `check the signing key (--webhook-signing-key or ${ENV.webhookSigningKey}; default: the API secret)`;
  return `setup: every webhook delivery (${deliveries.length}) fails verification with this key: ${hint}`;
}

export interface UnattributedDeliveries {
  /** Deliveries whose signature did not verify, for verifications that also got verified deliveries. */
  count: number;
  scanRefs: string[];
  note: string;
}

/** Deliveries that did not verify beside verified ones for the same verification: not judged, reported apart. */
export function unattributedDeliveries(deliveries: Delivery[]): UnattributedDeliveries | undefined {
  const verified = new Set(deliveries.filter((d) => d.signatureValid && d.scanRef).map((d) => d.scanRef));
  const apart = deliveries.filter((d) => !d.signatureValid && d.scanRef && verified.has(d.scanRef));
  if (!apart.length) return undefined;
  return {
    count: apart.length,
    scanRefs: [...new Set(apart.map((d) => d.scanRef!))].slice(0, 10),
    note: 'deliveries whose signature does not verify arrived beside verified ones for the same verification: anyone who can reach the receiver can post such copies, so they are not attributed to the target and not judged',
  };
}
