// Whether a URL points at this machine. Decided by IP address only: `127.example.com` is a
// public name (it may resolve anywhere), so it counts as remote and gets remote safety defaults
// (pacing, --environment required, no dummy calls unless asked). Only the literal `localhost`
// name is trusted (RFC 6761 reserves it for loopback).
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped 127/8 forms) and the name `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return host.split('.')[0] === '127';
  if (family === 6) {
    if (host === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(host) || host === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return isIP(mapped[1]) === 4 && mapped[1].split('.')[0] === '127';
    const mappedHex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host); // WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1
    if (mappedHex) return parseInt(mappedHex[1], 16) >> 8 === 127;
  }
  return false;
}

/** isLoopbackHost of the URL's host; false for anything that is not a URL. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
