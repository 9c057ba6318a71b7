/**
 * The page's way to read an e-mail file: in a worker when the browser has workers (the parse
 * of a large message would hold the page), else in this thread (tests). Bounded: a file the
 * worker does not answer for is a problem with a message, never a wait forever.
 */
import { parseEmailFile, type EmailProblem, type ParsedEmail } from '$lib/domain/email/parse-email';

export interface EmailRequest {
	id: number;
	name: string;
	bytes: ArrayBuffer;
}

export interface EmailAnswer {
	id: number;
	result: ParsedEmail | EmailProblem;
}

type Read = ParsedEmail | EmailProblem;

/** The largest message (25 MiB) parses in a few seconds here; this long, the worker is stuck. */
const ANSWER_LIMIT_MS = 60_000;

let worker: Worker | null = null;
/**
 * The worker could not start or crashed (its script not cached yet when offline, say): from
 * then on files are read in this thread — slower for a large one, but never refused for that.
 */
let inline = typeof Worker === 'undefined';
let nextId = 1;
const waiting = new Map<number, { name: string; bytes: ArrayBuffer; done: (r: Read) => void }>();

function startWorker(): Worker {
	const w = new Worker(new URL('./email.worker.ts', import.meta.url), { type: 'module' });
	w.onmessage = (event: MessageEvent<EmailAnswer>) => {
		waiting.get(event.data.id)?.done(event.data.result);
		waiting.delete(event.data.id);
	};
	w.onerror = (event) => {
		event.preventDefault();
		inline = true;
		worker = null;
		w.terminate();
		for (const { name, bytes, done } of waiting.values())
			void parseEmailFile(name, bytes).then(done);
		waiting.clear();
	};
	return w;
}

export function readEmailFile(name: string, bytes: ArrayBuffer): Promise<Read> {
	if (inline) return parseEmailFile(name, bytes);
	worker ??= startWorker();
	const id = nextId++;
	const target = worker;
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			waiting.delete(id);
			// A stuck parse holds the worker: a new one reads the next file.
			target.terminate();
			if (worker === target) worker = null;
			resolve({
				problem: `${name} took too long to read; it may be damaged. Nothing was logged from it.`
			});
		}, ANSWER_LIMIT_MS);
		waiting.set(id, {
			name,
			bytes,
			done: (result) => {
				clearTimeout(timer);
				resolve(result);
			}
		});
		// Copied, not transferred: should the worker fail, this thread reads the bytes itself.
		target.postMessage({ id, name, bytes } satisfies EmailRequest);
	});
}
