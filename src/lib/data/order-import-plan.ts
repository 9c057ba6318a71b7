/**
 * What an import of a shop's orders will do, before anything is stored: each order created,
 * updated or skipped (an order of the same number exists), its customer found by e-mail (any
 * of a person's, without case) or created once per address, each line's product found by SKU
 * (else name) or created once per SKU (else name) — or the line keeps its text. Pure over the
 * index, so the preview recomputes it in an instant when a choice changes.
 *
 * An order's id comes from its number, in its month (`2026-11~shop-1001-…`): the same file
 * imported again, or on two devices offline, names the same records instead of doubling them,
 * also in months not open on this device.
 */
import { emailKey } from '$lib/domain/contact-keys';
import { orderTotal, type OrderLine } from '$lib/domain/orders/lines';
import { DEFAULT_CURRENCY } from '$lib/domain/orders/values';
import { SHOP_NAMES } from '$lib/domain/orders/shop-formats';
import type { ShopCustomer, ShopOrder, ShopOrders } from '$lib/domain/orders/shop-orders';
import type { OrderFields } from '$lib/domain/record-types/order';
import type { ProductFields } from '$lib/domain/record-types/product';
import type { PersonFields } from '$lib/domain/records';
import { monthRecordId } from './shards';

/** What to do with an order whose number exists already. */
export type ExistingOrders = 'skip' | 'update';
/** An e-mail nobody has: a new person, or an order without a customer. */
export type NewCustomers = 'create' | 'none';
/** A line of a product the workspace lacks: a new product, or the line keeps its text. */
export type NewProducts = 'create' | 'text';

export interface OrderImportChoices {
	existing: ExistingOrders;
	customers: NewCustomers;
	products: NewProducts;
}

export const DEFAULT_ORDER_CHOICES: OrderImportChoices = {
	existing: 'skip',
	customers: 'create',
	products: 'create'
};

/** The workspace as an order import compares with it. */
export interface OrderPlanIndex {
	/** emailKey → person id, over every e-mail of every person. */
	peopleByEmail: ReadonlyMap<string, string>;
	/** SKU key and name key → product id. */
	productsBySku: ReadonlyMap<string, string>;
	productsByName: ReadonlyMap<string, string>;
	/** Order number key → id, of the orders this device has open. */
	ordersByNumber: ReadonlyMap<string, string>;
	/** Whether an order of this id is open here. */
	hasOrder(id: string): boolean;
}

export type NewRecord<T> = { id: string; fields: Partial<T> & { notes?: string } };

export interface PlannedOrder {
	/** The order's first row in the file. */
	row: number;
	action: 'create' | 'update';
	id: string;
	fields: OrderFields;
	/** Made just before this order (the first order that needs them). */
	newPerson?: NewRecord<PersonFields>;
	newProducts?: NewRecord<ProductFields>[];
}

export interface OrderImportPlan {
	entity: 'order';
	choices: OrderImportChoices;
	orders: PlannedOrder[];
	/** Orders in the file, lines in them. */
	found: number;
	lines: number;
	creates: number;
	updates: number;
	/** Orders whose number exists (updated or skipped, by the choice). */
	existing: { row: number; number: string; id: string }[];
	skipped: number;
	/** Orders whose customer is an existing person; with a new person; with none. */
	customersMatched: number;
	customersNew: number;
	noCustomer: number;
	/** New people this import makes (one per e-mail). */
	newPeople: number;
	/** Lines of existing products; new products made; lines kept as text. */
	linesMatched: number;
	newProducts: number;
	linesAsText: number;
}

/** Order numbers match without case or spaces: "#1001" is "# 1001". */
export function orderNumberKey(number: string): string {
	return number.replace(/\s+/g, '').toLowerCase();
}

export const skuKey = (sku: string) => sku.replace(/\s+/g, '').toUpperCase();
export const productNameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** FNV-1a, 32 bits, as hex: with the number's own characters, a stable and short id part. */
function fnv(s: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(16).padStart(8, '0');
}

/** The id an imported order of this number and date has (URL-safe). */
export function shopOrderId(number: string, orderedAt: number): string {
	const key = orderNumberKey(number);
	const slug = key.replace(/[^a-z0-9-]/g, '').slice(0, 40);
	return monthRecordId(orderedAt, `shop-${slug}-${fnv(key)}`);
}

function personFrom(c: ShopCustomer, source: string): Partial<PersonFields> {
	const fields: Partial<PersonFields> = {
		firstName: c.firstName,
		lastName: c.lastName,
		emails: [{ label: 'home', value: c.email }],
		source
	};
	if (c.phone) fields.phones = [{ label: 'home', value: c.phone }];
	if (c.street || c.city || c.postcode || c.country)
		fields.addresses = [
			{
				label: 'billing',
				street: c.street,
				city: c.city,
				region: c.region,
				postcode: c.postcode,
				country: c.country
			}
		];
	return fields;
}

export function planOrderImport(
	read: ShopOrders,
	index: OrderPlanIndex,
	choices: OrderImportChoices = DEFAULT_ORDER_CHOICES,
	newId: () => string = () => crypto.randomUUID()
): OrderImportPlan {
	const source = SHOP_NAMES[read.format];
	const plan: OrderImportPlan = {
		entity: 'order',
		choices,
		orders: [],
		found: read.orders.length,
		lines: read.lineCount,
		creates: 0,
		updates: 0,
		existing: [],
		skipped: 0,
		customersMatched: 0,
		customersNew: 0,
		noCustomer: 0,
		newPeople: 0,
		linesMatched: 0,
		newProducts: 0,
		linesAsText: 0
	};
	const newPeople = new Map<string, string>(); // email key → new person id
	const newSkus = new Map<string, string>(); // product key → new product id
	const newNames = new Map<string, string>();
	const seen = new Set<string>(); // order ids of this file: a number twice is one order

	for (const o of read.orders) {
		const numberKey = orderNumberKey(o.number);
		const derived = shopOrderId(o.number, o.orderedAt);
		const existingId = index.hasOrder(derived) ? derived : index.ordersByNumber.get(numberKey);
		if (seen.has(existingId ?? derived)) continue;
		seen.add(existingId ?? derived);
		if (existingId) {
			plan.existing.push({ row: o.rows[0], number: o.number, id: existingId });
			if (choices.existing === 'skip') {
				plan.skipped++;
				continue;
			}
		}
		const planned: PlannedOrder = {
			row: o.rows[0],
			action: existingId ? 'update' : 'create',
			id: existingId ?? derived,
			fields: orderFields(o, null, [])
		};

		// The customer, by e-mail.
		const key = o.customer.email ? emailKey(o.customer.email) : '';
		let personId: string | null = null;
		if (key) {
			personId = index.peopleByEmail.get(key) ?? newPeople.get(key) ?? null;
			if (personId && !newPeople.has(key)) plan.customersMatched++;
			else if (personId) plan.customersNew++;
			else if (choices.customers === 'create') {
				personId = newId();
				newPeople.set(key, personId);
				planned.newPerson = { id: personId, fields: personFrom(o.customer, source) };
				plan.newPeople++;
				plan.customersNew++;
			} else plan.noCustomer++;
		} else plan.noCustomer++;

		// Each line's product, by SKU, else by name.
		const lines: OrderLine[] = o.lines.map((l) => {
			const sku = l.sku ? skuKey(l.sku) : '';
			const name = productNameKey(l.name);
			let productId =
				(sku && (index.productsBySku.get(sku) ?? newSkus.get(sku))) ||
				(!sku && name ? (index.productsByName.get(name) ?? newNames.get(name)) : undefined) ||
				null;
			if (productId) plan.linesMatched++;
			else if (choices.products === 'create' && (sku || name)) {
				productId = newId();
				if (sku) newSkus.set(sku, productId);
				else newNames.set(name, productId);
				(planned.newProducts ??= []).push({
					id: productId,
					fields: {
						name: l.name,
						sku: l.sku,
						category: l.category,
						price: l.price,
						currency: o.currency ?? DEFAULT_CURRENCY,
						active: true
					}
				});
				plan.newProducts++;
				plan.linesMatched++;
			} else plan.linesAsText++;
			return { productId, ...l };
		});
		planned.fields = orderFields(o, personId, lines);
		if (planned.action === 'create') plan.creates++;
		else plan.updates++;
		plan.orders.push(planned);
	}
	return plan;
}

function orderFields(o: ShopOrder, personId: string | null, lines: OrderLine[]): OrderFields {
	return {
		orderedAt: o.orderedAt,
		number: o.number,
		status: o.status,
		personId,
		organizationId: null,
		currency: o.currency ?? DEFAULT_CURRENCY,
		lines,
		total: orderTotal(lines),
		serviceIntervalMonths: null
	};
}
