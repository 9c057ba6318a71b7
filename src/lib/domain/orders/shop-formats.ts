/**
 * The order exports of common web shops, told apart by their headers alone: Shopify's order
 * export and WooCommerce's one-row-per-item order export. Each names where an order's and a
 * line's values are; a file of either shape imports with no manual step.
 */
import { normalizeHeader } from '../import/mapping';

export type ShopFormat = 'shopify' | 'woocommerce';

export const SHOP_NAMES: Record<ShopFormat, string> = {
	shopify: 'Shopify',
	woocommerce: 'WooCommerce'
};

/** What an order export holds, by the value's role; each is a column index or -1. */
export interface ShopColumns {
	number: number;
	/** A second order key when the number is empty (WooCommerce's Order ID). */
	orderId: number;
	date: number;
	/** Shopify: the financial status; WooCommerce: the order status. */
	status: number;
	fulfillment: number;
	cancelledAt: number;
	currency: number;
	email: number;
	fullName: number;
	firstName: number;
	lastName: number;
	company: number;
	phone: number;
	street: number;
	city: number;
	region: number;
	postcode: number;
	country: number;
	/** The order's discount, spread over its lines when they carry none. */
	orderDiscount: number;
	total: number;
	lineName: number;
	sku: number;
	category: number;
	quantity: number;
	/** The price of one. */
	price: number;
	/** The line's total, from which the price of one is worked out when there is no price. */
	lineTotal: number;
	/** The line before its discount (WooCommerce's Item Subtotal): the discount is the rest. */
	lineSubtotal: number;
	lineDiscount: number;
}

type Role = keyof ShopColumns;

/** Header words (normalizeHeader'd) per role, the first found wins. */
const SHOPIFY: Partial<Record<Role, readonly string[]>> = {
	number: ['name'],
	orderId: ['id'],
	date: ['createdat', 'paidat'],
	status: ['financialstatus'],
	fulfillment: ['fulfillmentstatus'],
	cancelledAt: ['cancelledat'],
	currency: ['currency'],
	email: ['email'],
	fullName: ['billingname', 'shippingname'],
	company: ['billingcompany'],
	phone: ['billingphone', 'phone'],
	street: ['billingaddress1', 'billingstreet'],
	city: ['billingcity'],
	region: ['billingprovincename', 'billingprovince'],
	postcode: ['billingzip'],
	country: ['billingcountry'],
	orderDiscount: ['discountamount'],
	total: ['total'],
	lineName: ['lineitemname'],
	sku: ['lineitemsku'],
	quantity: ['lineitemquantity'],
	price: ['lineitemprice'],
	lineDiscount: ['lineitemdiscount']
};

const WOOCOMMERCE: Partial<Record<Role, readonly string[]>> = {
	number: ['ordernumber', 'orderid', 'orderno'],
	orderId: ['orderid'],
	date: ['orderdate', 'datecreated', 'orderdatecreated', 'date'],
	status: ['orderstatus', 'status'],
	currency: ['ordercurrency', 'currency'],
	email: ['billingemail', 'customeremail', 'emailbilling', 'email'],
	fullName: ['billingfullname', 'customername', 'fullnamebilling'],
	firstName: ['billingfirstname', 'firstnamebilling', 'firstname'],
	lastName: ['billinglastname', 'lastnamebilling', 'lastname'],
	company: ['billingcompany', 'companybilling'],
	phone: ['billingphone', 'phonebilling'],
	street: ['billingaddress1', 'billingaddress12', 'address12billing', 'billingaddress'],
	city: ['billingcity', 'citybilling'],
	region: ['billingstate', 'statecodebilling', 'billingstatecode'],
	postcode: ['billingpostcode', 'postcodebilling'],
	country: ['billingcountry', 'countrycodebilling', 'billingcountrycode'],
	orderDiscount: ['cartdiscount', 'cartdiscountamount', 'discounttotal'],
	total: ['ordertotal', 'ordertotalamount'],
	lineName: ['itemname', 'productname', 'lineitemname'],
	sku: ['sku', 'itemsku', 'productsku'],
	category: ['category', 'categories', 'productcategories', 'productcategory', 'itemcategory'],
	quantity: ['quantity', 'itemquantity', 'qty', 'quantityrefund'],
	price: ['itemcost', 'itemprice', 'cost', 'price'],
	lineTotal: ['itemtotal', 'linetotal'],
	lineSubtotal: ['itemsubtotal', 'linesubtotal'],
	lineDiscount: ['itemdiscount', 'itemdiscountamount']
};

const WORDS: Record<ShopFormat, Partial<Record<Role, readonly string[]>>> = {
	shopify: SHOPIFY,
	woocommerce: WOOCOMMERCE
};

/** The roles an export must have to be read as that shop's: an order key, a date, a line. */
const REQUIRED: Record<ShopFormat, readonly Role[]> = {
	shopify: ['number', 'date', 'lineName', 'quantity', 'price'],
	woocommerce: ['number', 'date', 'quantity']
};

/** Columns that only that shop's export has, so the shapes are not taken for one another. */
const MARKS: Record<ShopFormat, (h: Set<string>) => boolean> = {
	shopify: (h) => h.has('financialstatus') && h.has('lineitemquantity'),
	woocommerce: (h) =>
		(h.has('ordernumber') || h.has('orderid')) &&
		(h.has('orderstatus') || h.has('orderdate')) &&
		[...WOOCOMMERCE.lineName!, ...WOOCOMMERCE.sku!].some((w) => h.has(w))
};

/** Every role, to walk them in one order. */
const ROLES: Record<Role, true> = {
	number: true,
	orderId: true,
	date: true,
	status: true,
	fulfillment: true,
	cancelledAt: true,
	currency: true,
	email: true,
	fullName: true,
	firstName: true,
	lastName: true,
	company: true,
	phone: true,
	street: true,
	city: true,
	region: true,
	postcode: true,
	country: true,
	orderDiscount: true,
	total: true,
	lineName: true,
	sku: true,
	category: true,
	quantity: true,
	price: true,
	lineTotal: true,
	lineSubtotal: true,
	lineDiscount: true
};

function columnsOf(headers: readonly string[], format: ShopFormat): ShopColumns {
	const words = WORDS[format];
	const at = new Map<string, number>();
	headers.forEach((h, i) => {
		const n = normalizeHeader(h);
		if (!at.has(n)) at.set(n, i);
	});
	const out = {} as ShopColumns;
	for (const role of Object.keys(ROLES) as Role[]) {
		const found = (words[role] ?? []).find((w) => at.has(w));
		out[role] = found === undefined ? -1 : at.get(found)!;
	}
	// WooCommerce's Order ID is the key only when there is no Order Number.
	if (out.orderId === out.number) out.orderId = -1;
	return out;
}

/** The shop whose order export has these headers, with its columns; null for any other file. */
export function detectShopFormat(
	headers: readonly string[]
): { format: ShopFormat; columns: ShopColumns } | null {
	const normalized = new Set(headers.map(normalizeHeader));
	for (const format of ['shopify', 'woocommerce'] as const) {
		if (!MARKS[format](normalized)) continue;
		const columns = columnsOf(headers, format);
		if (REQUIRED[format].every((r) => columns[r] >= 0)) {
			if (columns.lineName < 0 && columns.sku < 0) continue;
			if (columns.price < 0 && columns.lineTotal < 0) continue;
			return { format, columns };
		}
	}
	return null;
}
