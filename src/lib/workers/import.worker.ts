/**
 * The import worker: decoding, parsing and mapping of large files off the main thread, so
 * the page keeps responding and shows progress. Writing into the document stays on the page.
 */
import type { FromWorker, ToWorker } from './import-protocol';
import { ImportSession } from './import-session';

const session = new ImportSession();
const scope = self as unknown as {
	postMessage(message: FromWorker): void;
	onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

async function handle(msg: ToWorker): Promise<FromWorker> {
	const progress = (phase: 'reading' | 'parsing' | 'checking', done: number, total: number) =>
		scope.postMessage({ type: 'progress', id: msg.id, phase, done, total });
	if (msg.type === 'load') {
		const bytes = new Uint8Array(await msg.file.arrayBuffer());
		const result = session.load(bytes, msg.fileName, msg.customDefs, progress);
		return { type: 'loaded', id: msg.id, result };
	}
	return { type: 'converted', id: msg.id, result: session.convert(msg.request, progress) };
}

// Set after the imports: papaparse installs its own onmessage when it loads inside a worker.
scope.onmessage = (e) => {
	const msg = e.data;
	handle(msg).then(
		(reply) => scope.postMessage(reply),
		(err: unknown) =>
			scope.postMessage({
				type: 'failed',
				id: msg.id,
				message: err instanceof Error ? err.message : String(err)
			})
	);
};
