/**
 * What reading one large stored row costs the thread that reads it (issue #11: no task over
 * 50 ms after the paint). IndexedDB copies a value into the reading thread when its request
 * succeeds; a month of the 1M-interaction workspace is one merged row of ~12 MB. In real
 * Chromium, on an empty page: one 12 MB row, twelve 1 MB rows in one getAll, twelve 1 MB rows in
 * a request each, and the 12 MB row read in a worker that transfers the buffer to the page.
 * Reported: each read's wall time and the page's long tasks (PerformanceObserver 'longtask').
 *   node --import tsx bench/idb-copy.ts [--runs 3]
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from './harness/browser';

const WORKER = `onmessage = async () => {
	const db = await new Promise((res) => { const r = indexedDB.open('t', 1); r.onsuccess = () => res(r.result); });
	const rows = await new Promise((res) => { const req = db.transaction('u').objectStore('u').getAll(); req.onsuccess = () => res(req.result); });
	postMessage(rows, rows.map((r) => r.update.buffer));
};`;

async function serve(): Promise<Server> {
	const server = createServer((req, res) => {
		res.setHeader('content-type', req.url === '/w.js' ? 'text/javascript' : 'text/html');
		res.end(req.url === '/w.js' ? WORKER : '<p>idb-copy</p>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const server = await serve();
const browser = await launchBrowser();
const page = await browser.newPage();
// tsx names the functions below with a helper the page does not have.
await page.addInitScript('window.__name = (f) => f');
await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
for (let run = 1; run <= runs; run++) {
	const out = await page.evaluate(async () => {
		const tasks: number[] = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) tasks.push(Math.round(e.duration));
		}).observe({ type: 'longtask', buffered: true });
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('t', 1);
			r.onupgradeneeded = () => r.result.createObjectStore('u', { autoIncrement: true });
			r.onsuccess = () => resolve(r.result);
			r.onerror = reject;
		});
		const done = (tx: IDBTransaction) => new Promise((resolve) => (tx.oncomplete = resolve));
		const store = async (rows: Uint8Array[]) => {
			const clear = db.transaction('u', 'readwrite');
			clear.objectStore('u').clear();
			await done(clear);
			const tx = db.transaction('u', 'readwrite');
			for (const update of rows) tx.objectStore('u').add({ ws: 'w', doc: 'd', update });
			await done(tx);
		};
		const bytes = (n: number) => {
			const b = new Uint8Array(n);
			for (let i = 0; i < n; i += 7) b[i] = (i * 31) & 255;
			return b;
		};
		const getAll = () =>
			new Promise((resolve) => {
				const req = db.transaction('u').objectStore('u').getAll();
				req.onsuccess = () => resolve(req.result);
			});
		const eachByKey = () =>
			new Promise((resolve) => {
				const tx = db.transaction('u');
				const keys = tx.objectStore('u').getAllKeys();
				const out: unknown[] = [];
				keys.onsuccess = () => {
					for (const key of keys.result) {
						const r = tx.objectStore('u').get(key);
						r.onsuccess = () => out.push(r.result);
					}
				};
				tx.oncomplete = () => resolve(out);
			});
		const inWorker = () =>
			new Promise((resolve) => {
				const w = new Worker('/w.js');
				w.onmessage = (e) => {
					w.terminate();
					resolve(e.data);
				};
				w.postMessage(0);
			});
		const results: Record<string, { ms: number; longTasks: number[] }> = {};
		const measure = async (name: string, read: () => Promise<unknown>) => {
			await new Promise((r) => setTimeout(r, 400));
			tasks.length = 0;
			const t0 = performance.now();
			await read();
			const ms = Math.round(performance.now() - t0);
			await new Promise((r) => setTimeout(r, 400));
			results[name] = { ms, longTasks: [...tasks] };
		};
		await store([bytes(12 << 20)]);
		await measure('one 12 MB row, getAll in the page', getAll);
		await measure('one 12 MB row, read in a worker', inWorker);
		await store(Array.from({ length: 12 }, () => bytes(1 << 20)));
		await measure('twelve 1 MB rows, one getAll', getAll);
		await measure('twelve 1 MB rows, a get each', eachByKey);
		db.close();
		return results;
	});
	for (const [name, r] of Object.entries(out))
		console.log(`run ${run}: ${name}: ${r.ms} ms, page's long tasks [${r.longTasks.join(', ')}]`);
}
await browser.close();
server.close();
