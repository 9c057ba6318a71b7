import * as Y from 'yjs';
import { generateWorkspace, SIZES } from './generate';
import {
	BLANK_HTML,
	BLANK_PATH,
	launchBrowser,
	newContext,
	profile,
	seedDevice,
	watchListReady,
	waitListReady,
	rowCacheSavedAt
} from './harness/browser';
import { serveStatic } from './harness/static-server';
const size = (process.env.SIZE ?? '10k') as keyof typeof SIZES;
const g = generateWorkspace({ ...SIZES[size], interactions: 0, seed: 42 });
const server = await serveStatic(process.env.BENCH_BUILD_DIR ?? 'build');
server.put('/__bench/seed.bin', Buffer.from(Y.encodeStateAsUpdate(g.doc)));
server.put(BLANK_PATH, BLANK_HTML);
const browser = await launchBrowser();
const ctx = await newContext(browser);
const text = `${SIZES[size].people.toLocaleString('en-US')} people`;
await watchListReady(ctx, text);
await ctx.addInitScript({
	content: `(() => {
  const log = (window.__log = []);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) log.push(['long', Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  let last = '';
  new MutationObserver(() => { const s = [...document.querySelectorAll('[role=status]')].map(e => e.textContent.trim()).join(' | '); if (s !== last) { last = s; log.push(['status', Math.round(performance.now()), s]); } }).observe(document, { childList: true, subtree: true, characterData: true });
})();`
});
const setup = await ctx.newPage();
await setup.goto(server.origin + BLANK_PATH);
await seedDevice(setup, {
	profile: profile({ workspaceId: 'dbg', memberId: g.memberIds[0], knownRecords: 12000 }),
	seedUrl: '/__bench/seed.bin'
});
await setup.close();
for (const name of ['cold', 'warm']) {
	const page = await ctx.newPage();
	const since = Date.now();
	await page.goto(server.origin + '/people');
	const t = await waitListReady(page, text, 120000);
	while ((await rowCacheSavedAt(page, 'dbg')) < since) await page.waitForTimeout(250);
	console.log(name, JSON.stringify(t));
	console.log(
		JSON.stringify(
			await page.evaluate(
				'window.__log.concat(performance.getEntriesByType("mark").map(m => ["mark", Math.round(m.startTime), m.name]), performance.getEntriesByType("navigation").map(n => ["nav", Math.round(n.domContentLoadedEventEnd), Math.round(n.loadEventEnd)])).sort((a,b)=>a[1]-b[1])'
			)
		)
	);
	await page.close();
}
await browser.close();
await server.close();
