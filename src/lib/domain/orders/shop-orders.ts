/**
 * A shop's order export (one row per line item) read as orders: rows grouped by order number,
 * the order's own values taken from its first row that has them (Shopify fills them on the
 * first row only), each row a line. A row whose values cannot be read is reported with its
 * row number; an order without a readable date is left out, since its date places it.
 */
import { roundMoney, type OrderLine } from './lines';
import type { ShopColumns, ShopFormat } from './shop-formats';
import { parseCurrency, parseShopAmount, parseShopDate, shopStatus } from './shop-values';
import type { OrderStatus } from '../record-types/order';

/** The customer an order names: matched to a person by e-mail, or offered as a new one. */
export interface ShopCustomer {
	email: string;
	firstName: string;
	lastName: string;
	company: string;
	phone: string;
	street: string;
	city: string;
	region: string;
	postcode: string;
	country: string;
}

/** A line before it is matched to a product (productId is set by the plan). */
export type ShopLine = Omit<OrderLine, 'productId'>;

export interface ShopOrder {
	number: string;
	orderedAt: number;
	status: OrderStatus;
	/** Null when the file names none: the workspace's default applies. */
	currency: string | null;
	customer: ShopCustomer;
	lines: ShopLine[];
	/** The order's total as the file states it (with shipping and taxes), or null. */
	statedTotal: number | null;
	/** Index (into the file's data rows) of each of its rows, in file order. */
	rows: number[];
}

export interface ShopProblem {
	/** Index into the data rows. */
	row: number;
	message: string;
}

export interface ShopOrders {
	format: ShopFormat;
	orders: ShopOrder[];
	lineCount: number;
	problems: ShopProblem[];
	/** About the whole file (dates read as UTC, …). */
	notes: string[];
}

/** Mutable while rows are read. */
interface Draft extends ShopOrder {
	orderDiscount: number;
	dated: boolean;
}

const cell = (row: readonly string[], i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');

/** "Anna Maria Schmidt" → first "Anna Maria", last "Schmidt". */
function splitName(full: string): [string, string] {
	const t = full.trim().replace(/\s+/g, ' ');
	const at = t.lastIndexOf(' ');
	return at < 0 ? [t, ''] : [t.slice(0, at), t.slice(at + 1)];
}

function customerOf(row: readonly string[], c: ShopColumns): ShopCustomer {
	let firstName = cell(row, c.firstName);
	let lastName = cell(row, c.lastName);
	const full = cell(row, c.fullName);
	if (!firstName && !lastName && full) [firstName, lastName] = splitName(full);
	return {
		email: cell(row, c.email),
		firstName,
		lastName,
		company: cell(row, c.company),
		phone: cell(row, c.phone).replace(/^'/, ''),
		street: cell(row, c.street),
		city: cell(row, c.city),
		region: cell(row, c.region),
		postcode: cell(row, c.postcode).replace(/^'/, ''),
		country: cell(row, c.country)
	};
}

const hasCustomer = (c: ShopCustomer) => !!(c.email || c.firstName || c.lastName);

/** Reads every row of an export of `format` with these columns. */
export function readShopOrders(
	rows: readonly (readonly string[])[],
	format: ShopFormat,
	c: ShopColumns
): ShopOrders {
	const byNumber = new Map<string, Draft>();
	const problems: ShopProblem[] = [];
	let undated = 0;
	let lineCount = 0;
	const problem = (row: number, message: string) => problems.push({ row, message });

	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		const number = cell(row, c.number) || cell(row, c.orderId);
		if (!number) {
			if (row.some((v) => v.trim() !== ''))
				problem(r, 'The row has no order number; it is not imported.');
			continue;
		}
		let order = byNumber.get(number);
		if (!order) {
			order = {
				number,
				orderedAt: 0,
				status: 'pending',
				currency: null,
				customer: customerOf(row, c),
				lines: [],
				statedTotal: null,
				rows: [],
				orderDiscount: 0,
				dated: false
			};
			byNumber.set(number, order);
		}
		order.rows.push(r);
		readOrderValues(order, row, r, format, c, problem, () => undated++);
		const line = readLine(row, r, c, problem);
		if (line) {
			order.lines.push(line);
			lineCount++;
		}
	}

	const orders: ShopOrder[] = [];
	for (const o of byNumber.values()) {
		if (!o.dated) {
			problem(
				o.rows[0],
				`Order ${o.number} has no readable date (“${cell(rows[o.rows[0]], c.date)}”); it is not imported.`
			);
			continue;
		}
		spreadDiscount(o.lines, o.orderDiscount);
		const { orderDiscount: _d, dated: _dated, ...order } = o;
		orders.push(order);
	}
	problems.sort((a, b) => a.row - b.row);
	const notes =
		undated > 0
			? [
					`${undated.toLocaleString('en')} ${undated === 1 ? 'date has' : 'dates have'} no time zone; read as UTC.`
				]
			: [];
	return { format, orders, lineCount, problems, notes };
}

/** The order's own values, from the first row that has each. */
function readOrderValues(
	o: Draft,
	row: readonly string[],
	r: number,
	format: ShopFormat,
	c: ShopColumns,
	problem: (row: number, message: string) => void,
	onLocalDate: () => void
): void {
	const date = cell(row, c.date);
	if (!o.dated && date) {
		const parsed = parseShopDate(date);
		if (parsed) {
			o.orderedAt = parsed.at;
			o.dated = true;
			if (parsed.local) onLocalDate();
		} else problem(r, `The date “${date}” cannot be read.`);
	}
	if (!hasCustomer(o.customer)) {
		const customer = customerOf(row, c);
		if (hasCustomer(customer)) o.customer = customer;
	}
	const status = cell(row, c.status);
	const first = o.rows.length === 1;
	if (first || status) {
		const read = shopStatus(format, {
			status,
			fulfillment: cell(row, c.fulfillment),
			cancelledAt: cell(row, c.cancelledAt)
		});
		if (read) o.status = read;
		else problem(r, `The status “${status}” is unknown; the order is imported as pending.`);
	}
	const currency = cell(row, c.currency);
	if (o.currency === null && currency) {
		const code = parseCurrency(currency);
		if (code) o.currency = code;
		else problem(r, `The currency “${currency}” is not a three-letter code; it is left out.`);
	}
	const total = cell(row, c.total);
	if (o.statedTotal === null && total) {
		const n = parseShopAmount(total);
		if (n === null) problem(r, `The order total “${total}” is not an amount.`);
		else o.statedTotal = n;
	}
	const discount = cell(row, c.orderDiscount);
	if (o.orderDiscount === 0 && discount) {
		const n = parseShopAmount(discount);
		if (n === null || n < 0) problem(r, `The order discount “${discount}” is not an amount.`);
		else o.orderDiscount = n;
	}
}

/** The row's line item, or null (reported) when it names nothing or has no quantity. */
function readLine(
	row: readonly string[],
	r: number,
	c: ShopColumns,
	problem: (row: number, message: string) => void
): ShopLine | null {
	const name = cell(row, c.lineName);
	const sku = cell(row, c.sku);
	if (!name && !sku) return null; // an order-only row (a Woo export of an order without items)
	const rawQuantity = cell(row, c.quantity);
	const quantity = rawQuantity === '' ? 1 : parseShopAmount(rawQuantity);
	if (quantity === null || quantity <= 0) {
		problem(
			r,
			`The quantity “${rawQuantity}” of “${name || sku}” is not above 0; the line is left out.`
		);
		return null;
	}
	const label = name || sku;
	const amount = (raw: string, what: string): number | null => {
		if (!raw) return null;
		const n = parseShopAmount(raw);
		if (n !== null && n >= 0) return n;
		problem(r, `The ${what} “${raw}” of “${label}” is not an amount; it is left out.`);
		return null;
	};
	const price = amount(cell(row, c.price), 'price');
	const total = amount(cell(row, c.lineTotal), 'line total');
	const subtotal = amount(cell(row, c.lineSubtotal), 'line subtotal');
	let discount = amount(cell(row, c.lineDiscount), 'discount') ?? 0;
	// A price of one, else worked out from the line before (or after) its discount.
	// (Kept to four places, so three at 10.00 together still make 10.00.)
	const unit = price ?? Math.round(((subtotal ?? total ?? 0) / quantity) * 10_000) / 10_000;
	if (price === null && subtotal !== null && total !== null && discount === 0)
		discount = Math.max(0, roundMoney(subtotal - total));
	discount = Math.min(discount, roundMoney(quantity * unit));
	return { sku, name: label, category: cell(row, c.category), quantity, price: unit, discount };
}

/**
 * An order's discount that its lines do not carry (a discount code) is spread over them by
 * their amounts, so the lines still add up to what the customer paid for the goods.
 */
function spreadDiscount(lines: ShopLine[], discount: number): void {
	if (discount <= 0 || lines.length === 0 || lines.some((l) => l.discount > 0)) return;
	const amounts = lines.map((l) => roundMoney(l.quantity * l.price));
	const sum = amounts.reduce((a, b) => a + b, 0);
	if (sum <= 0) return;
	const off = Math.min(discount, sum);
	let left = roundMoney(off);
	lines.forEach((l, i) => {
		const share = i === lines.length - 1 ? left : roundMoney((off * amounts[i]) / sum);
		l.discount = Math.min(share, amounts[i]);
		left = roundMoney(left - l.discount);
	});
}
