// One request as the transport sends it: its own module, so the clients that send it (pactum's and
// Node's) and the transport that chooses between them import it without importing each other.
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw bytes as a UTF-8 string, sent exactly as given. */
  body?: string;
  /** Bytes sent instead of `body` (not UTF-8 on purpose); `body` is then how records show them. Node's client only. */
  bytes?: Uint8Array;
  /** Header lines sent a second time with these values (duplicate headers). Node's client only. */
  repeatHeaders?: Record<string, string>;
}
