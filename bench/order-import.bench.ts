/**
 * A shop's order CSV imported through the real page (worker, preview, chunked writes), in real
 * Chromium with the relay up: a Shopify-shaped export of N line items (orders of 1–5 lines over
 * the last 12 months, 5,000 customers by e-mail, 500 SKUs), into an empty workspace, so every
 * customer and product is made too. Times from choosing the file until the import button is
 * ready, and from pressing it until "Import finished". Budget (issue #15): 100k lines ≤ 30 s.
 */
import { launchBrowser, newContext } from './harness/browser';
import { startRelay } from './harness/relay-process';
import { Random } from './prng';
import { summarize, type BenchOptions, type BenchResult } from './result';

const HEADER =
	'Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Billing Name,Billing City,Billing Zip,Billing Country';
const STATUSES = [
	['paid', 'fulfilled'],
	['paid', 'unfulfilled'],
	['refunded', 'fulfilled'],
	['pending', '']
];

/** About `lines` line items (the last order is cut to fit) and the number of orders. */
export function shopifyCsv(lines: number, seed = 1): { csv: string; orders: number } {
	const rng = new Random(seed);
	const random = () => rng.next();
	const out = [HEADER];
	const now = Date.now();
	let n = 0;
	let orders = 0;
	while (n < lines) {
		orders++;
		const count = Math.min(1 + Math.floor(random() * 5), lines - n);
		const customer = Math.floor(random() * 5000);
		const at = new Date(now - Math.floor(random() * 365 * 86_400_000));
		const date = at.toISOString().replace('T', ' ').slice(0, 19) + ' +0000';
		const [financial, fulfillment] = STATUSES[Math.floor(random() * STATUSES.length)];
		for (let i = 0; i < count; i++, n++) {
			const sku = Math.floor(random() * 500);
			const first = i === 0;
			out.push(
				[
					`#${1000 + orders}`,
					`customer${customer}@example.com`,
					first ? financial : '',
					first ? date : '',
					first ? fulfillment : '',
					first ? 'EUR' : '',
					first ? '0.00' : '',
					first ? '0.00' : '',
					first ? '0.00' : '',
					first ? date : '',
					String(1 + Math.floor(random() * 3)),
					`"Product ${sku}, size ${sku % 7}"`,
					(5 + (sku % 90) + 0.99).toFixed(2),
					`SKU-${sku}`,
					'0.00',
					first ? `Customer ${customer}` : '',
					first ? 'Berlin' : '',
					first ? '10115' : '',
					first ? 'DE' : ''
				].join(',')
			);
		}
	}
	return { csv: '\ufeff' + out.join('\r\n') + '\r\n', orders };
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const plan: [number, number, number | null][] = quick
		? [[10_000, 1, null]]
		: [
				[10_000, 3, null],
				[100_000, 3, 30_000]
			];
	const relay = await startRelay();
	const browser = await launchBrowser();
	const results: BenchResult[] = [];
	try {
		for (const [lines, runs, budget] of plan) {
			const prepare: number[] = [];
			const write: number[] = [];
			const total: number[] = [];
			const { csv, orders } = shopifyCsv(lines);
			const file = Buffer.from(csv);
			for (let r = 0; r < runs; r++) {
				const ws = await relay.createWorkspace(`Orders ${lines} #${r}`);
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
					.setInputFiles({ name: 'orders_export.csv', mimeType: 'text/csv', buffer: file });
				const button = page.getByRole('button', {
					name: `Import ${orders.toLocaleString('en-US')} orders`
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
			const size = `${lines / 1000}k`;
			results.push(
				summarize(
					`order-import.${size}.total`,
					'ms',
					'lower',
					total,
					budget,
					undefined,
					`Shopify CSV of ${lines} lines (${orders} orders): choose the file → "Import finished"`
				),
				summarize(
					`order-import.${size}.prepare`,
					'ms',
					'lower',
					prepare,
					null,
					undefined,
					'decode, parse and read orders in the worker, plan on the page, until the button is ready'
				),
				summarize(
					`order-import.${size}.write`,
					'ms',
					'lower',
					write,
					null,
					undefined,
					'writing orders, people and products into the documents in chunks'
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
