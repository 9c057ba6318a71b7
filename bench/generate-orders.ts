/**
 * Shop orders at scale (issue #17's dashboard: "1M order lines"), written into a generated
 * workspace as the app stores them: records of the order declaration in monthly partitions
 * (`orders.2026-11`, listed in the core's directory) through the app's RecordWriter, a chunk per
 * IMPORT transaction as the order import writes them. Months older than the hot window are
 * encoded (one update each) and let go of, as generate-interactions.ts does, so a million lines
 * never sit in memory as Yjs structures at once.
 *
 * Shape (seeded PRNG only): `lines` lines over the `months` months before `now`, in orders of
 * 1–5 lines (~330k orders for 1M), by people drawn with a skew (a few buy often, most rarely),
 * 5 % cancelled, in EUR (60 %), USD or GBP, 8 product categories.
 */
import * as Y from 'yjs';
import type { Layout } from '../src/lib/data/layout';
import { IMPORT } from '../src/lib/data/origins';
import { RecordWriter, type Author } from '../src/lib/data/record-writer';
import { isOldPartition, monthRecordId } from '../src/lib/data/shards';
import type { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import { emptyLine, orderTotal } from '../src/lib/domain/orders/lines';
import { emptyOrder, type OrderFields } from '../src/lib/domain/record-types/order';
import type { Random } from './prng';

const DAY = 86_400_000;
const CHUNK = 1_000;
const COLLECTION = 'orders';
const CATEGORIES = ['Vegetables', 'Bakery', 'Cheese', 'Wine', 'Meat', 'Fruit', 'Dairy', 'Fish'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];
const STATUSES = ['completed', 'completed', 'completed', 'paid', 'shipped'] as const;

export interface OrderPlan {
	lines: number;
	months: number;
	now: number;
	personIds: readonly string[];
	memberId: string;
}

export interface WrittenOrders {
	orders: number;
	lines: number;
	/** Order months older than the hot window: encoded and let go of. */
	closedMonths: Map<string, Uint8Array>;
}

export function writeOrders(
	docs: WorkspaceDocs,
	layout: Layout,
	rng: Random,
	plan: OrderPlan
): WrittenOrders {
	const author = { memberId: plan.memberId, at: 0 };
	const clock: Author = { memberId: plan.memberId, now: () => author.at };
	const writer = new RecordWriter<OrderFields>(layout.collections.orders, clock, emptyOrder);
	const closedMonths = new Map<string, Uint8Array>();
	const from = plan.now - plan.months * 30 * DAY;
	const span = plan.now - from;
	// About 3 lines an order: as many orders as spread the lines evenly over the span.
	const orders = Math.max(1, Math.round(plan.lines / 3));
	let month = '';
	let chunk: (() => void)[] = [];
	let lines = 0;
	let written = 0;
	const flush = () => {
		if (chunk.length === 0) return;
		const writes = chunk;
		chunk = [];
		docs.transact([`${COLLECTION}.${month}`], () => writes.forEach((w) => w()), IMPORT);
	};
	const finishMonth = () => {
		flush();
		const name = `${COLLECTION}.${month}`;
		if (!isOldPartition(name, plan.now)) return;
		closedMonths.set(name, Y.encodeStateAsUpdate(docs.get(name)!));
		docs.closeIfUnused(name);
	};
	for (let i = 0; lines < plan.lines; i++) {
		// Increasing times: the i-th of `orders` even slots, somewhere inside it.
		const at = from + Math.floor(((Math.min(i, orders - 1) + rng.next()) / orders) * span);
		const count = Math.min(1 + rng.int(0, 4), plan.lines - lines);
		lines += count;
		const orderLines = Array.from({ length: count }, () => ({
			...emptyLine(),
			name: 'Item',
			category: rng.pick(CATEGORIES),
			quantity: 1 + rng.int(0, 2),
			price: 5 + rng.int(0, 60)
		}));
		const fields: Partial<OrderFields> = {
			orderedAt: at,
			number: String(i + 1),
			status: rng.chance(0.05) ? 'cancelled' : rng.pick(STATUSES),
			personId: plan.personIds[Math.floor(rng.next() ** 1.5 * plan.personIds.length)],
			currency: rng.pick(CURRENCIES),
			lines: orderLines,
			total: orderTotal(orderLines)
		};
		const id = monthRecordId(at, rng.uuid());
		const m = id.slice(0, id.indexOf('~'));
		if (m !== month) {
			if (month) finishMonth();
			month = m;
		}
		chunk.push(() => {
			author.at = at;
			writer.insert(id, fields);
		});
		written++;
		if (chunk.length >= CHUNK) flush();
	}
	if (month) finishMonth();
	return { orders: written, lines, closedMonths };
}
