import type { IncomingMessage } from 'node:http';

/** The client's address; behind a reverse proxy (TRUST_PROXY) the first X-Forwarded-For hop. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
	if (trustProxy) {
		const forwarded = req.headers['x-forwarded-for'];
		const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
		if (first) return first;
	}
	return req.socket.remoteAddress ?? 'unknown';
}
