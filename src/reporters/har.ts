// --har: every exchange of a run as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), for
// the tools people already use (browser devtools, Insomnia, Charles, har-to-k6…). The exchanges
// arrive with secrets already replaced and bodies cut at 4,000 characters (src/engine/recorder.ts).
import type { RecordedExchange } from '../engine/recorder.ts';
import { MAX_STORED_BODY_CHARS } from '../findings/finding.ts';

/** A body the recorder cut (src/engine/recorder.ts) says so, in HAR's comment field. */
const cutComment = (bytes: number | undefined) => (bytes === undefined ? {} : { comment: `cut: the first ${MAX_STORED_BODY_CHARS} characters of ${bytes} bytes` });

const nameValues = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));

export function toHar(exchanges: RecordedExchange[], version: string): unknown {
  const entries = [...exchanges]
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0))
    .map((e) => {
      const url = new URL(e.request.url);
      const request = {
        method: e.request.method,
        url: e.request.url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: nameValues(e.request.headers),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(e.request.body !== undefined ? { postData: { mimeType: e.request.headers['content-type'] ?? 'application/json', text: e.request.body, ...cutComment(e.request.bodyBytes) } } : {}),
        headersSize: -1,
        bodySize: e.request.body === undefined ? 0 : (e.request.bodyBytes ?? Buffer.byteLength(e.request.body)),
      };
      const response = e.response
        ? {
            status: e.response.status,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: nameValues(e.response.headers),
            content: { size: e.response.bodyBytes ?? Buffer.byteLength(e.response.text), mimeType: e.response.headers['content-type'] ?? '', text: e.response.text, ...cutComment(e.response.bodyBytes) },
            redirectURL: e.response.headers.location ?? '',
            headersSize: -1,
            bodySize: e.response.bodyBytes ?? Buffer.byteLength(e.response.text),
          }
        : {
            // No answer (timeout, reset, budget): HAR has no such entry, status 0 is the convention browsers use.
            status: 0,
            statusText: e.failure ?? 'no response',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: [],
            content: { size: 0, mimeType: '' },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
            _failure: e.failure,
          };
      return {
        startedDateTime: e.startedAt,
        time: Math.max(0, e.durationMs),
        request,
        response,
        cache: {},
        timings: { send: 0, wait: Math.max(0, e.durationMs), receive: 0 },
      };
    });
  return { log: { version: '1.2', creator: { name: 'ivs-conformance', version }, entries } };
}
