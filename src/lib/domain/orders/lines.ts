/**
 * An order's lines: what was bought, how many, at what price and discount. Read line by line,
 * so one line a buggy peer wrote is fixed or dropped (with an issue) while the others, and the
 * order, still show. The order's total is derived from them.
 */
import { parseAmount, type Issues } from '../coerce';
import { describeRaw } from '../describe-raw';

export interface OrderLine {
	/** The product it is (its sku, name, category and price are copied at the time of sale). */
	productId: string | null;
	sku: string;
	name: string;
	category: string;
	/** More than 0 (a fraction for goods sold by weight or length). */
	quantity: number;
	/** The price of one, ≥ 0, in the order's currency. */
	price: number;
	/** An amount off the line, ≥ 0 (not a percentage). */
	discount: number;
}

export function emptyLine(): OrderLine {
	return { productId: null, sku: '', name: '', category: '', quantity: 1, price: 0, discount: 0 };
}

/** Money rounded to cents: 3 × 19.99 is 59.97, not 59.970000000000006. */
export function roundMoney(n: number): number {
	return Math.round(n * 100) / 100;
}

/** What the line costs: quantity × price − discount. */
export function lineTotal(line: Pick<OrderLine, 'quantity' | 'price' | 'discount'>): number {
	return roundMoney(line.quantity * line.price - line.discount);
}

/** The order's total: its lines' totals added up. */
export function orderTotal(lines: readonly OrderLine[]): number {
	let sum = 0;
	for (const line of lines) sum += line.quantity * line.price - line.discount;
	return roundMoney(sum);
}

/** A number a line holds: as stored, or read from text ('1 200,50'); null when unreadable. */
function amount(raw: unknown): number | null {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
	if (typeof raw === 'string') {
		const t = raw.trim();
		const negative = t.startsWith('-');
		const n = parseAmount(negative ? t.slice(1) : t);
		return n === null ? null : negative ? -n : n;
	}
	return null;
}

function textOf(raw: unknown): string | null {
	if (typeof raw === 'string') return raw;
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
	return null;
}

/**
 * One stored line as a line, noting each fix in `notes`; null when it cannot be one (not a set
 * of fields, or no quantity above 0: a line of nothing would make up an amount).
 */
function readLine(raw: unknown, n: number, notes: string[]): OrderLine | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		notes.push(`line ${n} was ${describeRaw(raw)}, left out`);
		return null;
	}
	const r = raw as Record<string, unknown>;
	const line = emptyLine();
	for (const key of ['sku', 'name', 'category'] as const) {
		const s = textOf(r[key]);
		if (s === null) notes.push(`line ${n}'s ${key} was ${describeRaw(r[key])}, shown empty`);
		else {
			if (typeof r[key] === 'number') notes.push(`line ${n}'s ${key} was a number`);
			line[key] = s;
		}
	}
	const productId = r.productId;
	if (typeof productId === 'string' && productId !== '') line.productId = productId;
	else if (productId !== undefined && productId !== null && productId !== '')
		notes.push(`line ${n}'s product was ${describeRaw(productId)}, shown as none`);
	const quantity = amount(r.quantity);
	if (quantity === null || quantity <= 0) {
		notes.push(`line ${n} had the quantity ${describeRaw(r.quantity)}, left out`);
		return null;
	}
	if (typeof r.quantity !== 'number')
		notes.push(`line ${n}'s quantity was text, read as ${quantity}`);
	line.quantity = quantity;
	for (const key of ['price', 'discount'] as const) {
		const raw = r[key];
		if (raw === undefined || raw === null || raw === '') continue;
		const v = amount(raw);
		if (v === null || v < 0) notes.push(`line ${n}'s ${key} was ${describeRaw(raw)}, shown as 0`);
		else {
			if (typeof raw !== 'number') notes.push(`line ${n}'s ${key} was text, read as ${v}`);
			line[key] = v;
		}
	}
	return line;
}

function isWellFormed(raw: unknown): raw is OrderLine {
	if (typeof raw !== 'object' || raw === null) return false;
	const l = raw as Record<string, unknown>;
	return (
		(l.productId === null || (typeof l.productId === 'string' && l.productId !== '')) &&
		typeof l.sku === 'string' &&
		typeof l.name === 'string' &&
		typeof l.category === 'string' &&
		typeof l.quantity === 'number' &&
		Number.isFinite(l.quantity) &&
		l.quantity > 0 &&
		typeof l.price === 'number' &&
		Number.isFinite(l.price) &&
		l.price >= 0 &&
		typeof l.discount === 'number' &&
		Number.isFinite(l.discount) &&
		l.discount >= 0
	);
}

/** Validation on read of the lines: every readable line, and one issue listing what changed. */
export function validateLines(raw: unknown, label: string, issues: Issues): OrderLine[] {
	if (raw === undefined || raw === null) return [];
	const list = Array.isArray(raw) ? raw : [raw];
	const notes: string[] = Array.isArray(raw) ? [] : ['a single line was stored instead of a list'];
	const out: OrderLine[] = [];
	for (let i = 0; i < list.length; i++) {
		const e = list[i];
		if (isWellFormed(e)) {
			out.push({
				productId: e.productId,
				sku: e.sku,
				name: e.name,
				category: e.category,
				quantity: e.quantity,
				price: e.price,
				discount: e.discount
			});
			continue;
		}
		const line = readLine(e, i + 1, notes);
		if (line) out.push(line);
	}
	if (notes.length) issues.push({ field: 'lines', message: `${label}: ${notes.join('; ')}.`, raw });
	return out;
}
