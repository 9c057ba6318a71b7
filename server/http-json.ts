// JSON in and out for the HTTP API, with a size limit and errors that say what went wrong.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store'
	});
	res.end(text);
}

/** Reads a JSON object body of at most `maxBytes`. */
export async function readJson(
	req: IncomingMessage,
	maxBytes: number
): Promise<Record<string, unknown>> {
	const declared = Number(req.headers['content-length']);
	if (declared > maxBytes) throw new HttpError(413, `request body larger than ${maxBytes} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBytes) throw new HttpError(413, `request body larger than ${maxBytes} bytes`);
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') throw new HttpError(400, 'request body must be a JSON object');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new HttpError(400, 'request body must be a JSON object');
	}
	return value as Record<string, unknown>;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
	const header = req.headers.authorization;
	const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return match ? match[1] : null;
}
