// The plain HTTP client the blind fire tests probe the embedded reference with (one copy for every
// round): the reference's test credentials by default, any other Authorization or none on request,
// the answer's status, content type and JSON (undefined when the body is not JSON).
export const SECRET = 'test-secret';
export const basic = (user: string) => `Basic ${Buffer.from(user).toString('base64')}`;
export const AUTH = basic(`test-key:${SECRET}`);

export interface Answer {
  status: number;
  contentType: string;
  json: any;
}

export async function call(url: string, path: string, body: unknown, options: { auth?: string | null; method?: string; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = options.auth === undefined ? AUTH : options.auth;
  if (auth !== null) headers.Authorization = auth;
  const method = options.method ?? 'POST';
  const res = await fetch(`${url}${path}`, { method, headers, body: method === 'GET' ? undefined : (options.raw ?? JSON.stringify(body)) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', json };
}
