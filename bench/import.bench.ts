/**
 * CSV import through the real page (worker, preview, chunked writes), in real Chromium with the
 * relay up: time from choosing the file until the import button is ready (decode, parse, map,
 * check), and from pressing it until "Import finished". Budgets (issue: import and export):
 * 10k rows ≤ 3 s, 100k rows ≤ 30 s, in total.
 */
import { launchBrowser, newContext } from './harness/browser';
import { startRelay } from './harness/relay-process';
import { summarize, type BenchOptions, type BenchResult } from './result';

function peopleCsv(rows: number): string {
	const lines = ['First Name,Last Name,E-mail Address,Mobile Phone,Company,City,Tags'];
	for (let i = 1; i <= rows; i++) {
		lines.push(
			`Person,Number ${i},person${i}@example.com,+49 170 ${1_000_000 + i},Company ${i % 2000},Berlin,imported`
		);
	}
	return lines.join('\r\n') + '\r\n';
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const plan: [number, number, number][] = quick
		? [[10_000, 1, 3000]]
		: [
				[10_000, 3, 3000],
				[100_000, 1, 30_000]
			];
	const relay = await startRelay();
	const browser = await launchBrowser();
	const results: BenchResult[] = [];
	try {
		for (const [rows, runs, budget] of plan) {
			const prepare: number[] = [];
			const write: number[] = [];
			const total: number[] = [];
			const file = Buffer.from(peopleCsv(rows));
			for (let r = 0; r < runs; r++) {
				const ws = await relay.createWorkspace(`Import ${rows} #${r}`);
				const context = await newContext(browser);
				const page = await context.newPage();
				await page.goto(
					`${relay.origin}/join#ws=${encodeURIComponent(ws.workspaceId)}&token=${encodeURIComponent(ws.token)}`
				);
				await page.getByLabel('Your name').fill('Importer');
				await page.getByRole('button', { name: 'Join workspace' }).click();
				await page.waitForURL(/\/people/);
				await page.goto(`${relay.origin}/import-export`);
				const t0 = Date.now();
				await page
					.getByLabel('CSV or vCard file')
					.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: file });
				const button = page.getByRole('button', {
					name: `Import ${rows.toLocaleString('en-US')} rows`
				});
				await button.waitFor({ timeout: 300_000 });
				while (!(await button.isEnabled())) await page.waitForTimeout(20);
				const t1 = Date.now();
				await button.click();
				await page.getByText(/Import finished/).waitFor({ timeout: 600_000 });
				const t2 = Date.now();
				prepare.push(t1 - t0);
				write.push(t2 - t1);
				total.push(t2 - t0);
				await context.close();
			}
			const size = `${rows / 1000}k`;
			results.push(
				summarize(
					`import.${size}.total`,
					'ms',
					'lower',
					total,
					budget,
					undefined,
					`CSV of ${rows} people: choose the file → "Import finished"`
				),
				summarize(
					`import.${size}.prepare`,
					'ms',
					'lower',
					prepare,
					null,
					undefined,
					'decode, parse, map and check in the worker, until the import button is ready'
				),
				summarize(
					`import.${size}.write`,
					'ms',
					'lower',
					write,
					null,
					undefined,
					'writing the rows into the document in chunks'
				)
			);
		}
	} finally {
		await browser.close();
		await relay.stop();
	}
	return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') }), null, 2));
}
