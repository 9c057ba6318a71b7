import * as Y from 'yjs';
import { generateWorkspace } from './generate';
import {
	BLANK_HTML,
	BLANK_PATH,
	launchBrowser,
	newContext,
	profile,
	seedDevice,
	watchListReady
} from './harness/browser';
import { serveStatic } from './harness/static-server';
const g = generateWorkspace({ people: 200, organizations: 40, interactions: 0, seed: 1 });
const server = await serveStatic(process.env.BENCH_BUILD_DIR ?? 'build');
server.put('/__bench/seed.bin', Buffer.from(Y.encodeStateAsUpdate(g.doc)));
server.put(BLANK_PATH, BLANK_HTML);
const browser = await launchBrowser();
const ctx = await newContext(browser);
await watchListReady(ctx, '200 people');
const page = await ctx.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.stack));
await page.goto(server.origin + BLANK_PATH);
await seedDevice(page, {
	profile: profile({ workspaceId: 'dbg', memberId: g.memberIds[0], knownRecords: 240 }),
	seedUrl: process.env.NOSEED ? undefined : '/__bench/seed.bin'
});
await page.goto(server.origin + '/people');
await page.waitForTimeout(4000);
console.log(await page.evaluate('JSON.stringify(window.__bench)'), page.url());
console.log((await page.locator('body').innerText()).slice(0, 1500));
await page.screenshot({ path: '/tmp/bw/open.png' });
await browser.close();
await server.close();
