/** Reads the device's stored documents for the page (device-read.ts says why). */
import '$lib/data/yjs-strings'; // before any update is decoded in this worker
import '$lib/data/yjs-handlers'; // before any type is made
import { deviceDocsDb } from '$lib/data/device-docs-db';
import { answerRead, type DeviceReadRequest } from './device-read';

const db = deviceDocsDb();

self.onmessage = (event: MessageEvent<DeviceReadRequest>) => {
	void answerRead(db, event.data, (message, transfer = []) =>
		(self as unknown as Worker).postMessage(message, transfer)
	);
};

// Loaded: the page reads here from now on (device-reads.ts waits for this before giving up on us).
(self as unknown as Worker).postMessage({ ready: true });
