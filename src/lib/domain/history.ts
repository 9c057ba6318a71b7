/**
 * A record's history for display: field changes grouped into edit sessions, and any stored
 * value written as short text.
 */
import { addressLine } from './address-line';
import type { FieldChange } from './records';

export interface HistoryGroup {
	by: string;
	recordId: string;
	/** Time of the group's first and last edit (ms). */
	from: number;
	to: number;
	/** One entry per field, newest first: the value before the group and after it. */
	changes: FieldChange[];
}

/**
 * Groups changes, newest group first: edits by one person on one record within `windowMs` of
 * the group's first edit form one group. A field edited several times in a group shows its
 * value before the first edit and after the last; a field that ends where it started is left
 * out, and so is a group where nothing is left.
 */
export function groupHistory(changes: readonly FieldChange[], windowMs = 120_000): HistoryGroup[] {
	// Oldest first, so each group grows forward in time; stable for equal times.
	const sorted = changes
		.map((c, i) => ({ c, i }))
		.sort((x, y) => x.c.at - y.c.at || y.i - x.i)
		.map((x) => x.c);
	const groups: { by: string; recordId: string; from: number; to: number; items: FieldChange[] }[] =
		[];
	let current: (typeof groups)[number] | null = null;
	for (const c of sorted) {
		if (
			!current ||
			current.by !== c.by ||
			current.recordId !== c.recordId ||
			c.at - current.from > windowMs
		) {
			current = { by: c.by, recordId: c.recordId, from: c.at, to: c.at, items: [] };
			groups.push(current);
		}
		current.to = c.at;
		current.items.push(c);
	}
	const out: HistoryGroup[] = [];
	for (let g = groups.length - 1; g >= 0; g--) {
		const { by, recordId, from, to, items } = groups[g];
		const byField = new Map<string, FieldChange>();
		for (const c of items) {
			const seen = byField.get(c.field);
			byField.set(c.field, seen ? { ...c, from: seen.from } : { ...c });
		}
		// A creation has no value to compare (null to null), but says who made the record.
		const net = [...byField.values()]
			.filter((c) => c.field === 'created' || !sameValue(c.from, c.to))
			.sort((x, y) => y.at - x.at);
		if (net.length) out.push({ by, recordId, from, to, changes: net });
	}
	return out;
}

/** Structural equality for stored values (JSON-like). */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (isEmpty(a) && isEmpty(b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
	}
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	const rb = b as Record<string, unknown>;
	const ra = a as Record<string, unknown>;
	return ka.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k]));
}

/** Empty as a person sees it: nothing, '', [] or {}. */
export function isEmpty(v: unknown): boolean {
	if (v === null || v === undefined || v === '') return true;
	if (Array.isArray(v)) return v.length === 0;
	if (typeof v === 'object') return Object.keys(v).length === 0;
	return false;
}

const ADDRESS_PARTS = ['street', 'postcode', 'city', 'region', 'country'] as const;

/**
 * A stored value as short text: lists joined with commas, labelled values as "value (label)",
 * addresses on one line, other objects as "key: value", Yes/No for booleans, '(empty)' for
 * nothing.
 */
export function describeValue(v: unknown): string {
	if (isEmpty(v)) return '(empty)';
	return describe(v, 0) || '(empty)';
}

function describe(v: unknown, depth: number): string {
	if (v === null || v === undefined) return '';
	switch (typeof v) {
		case 'string':
			return v;
		case 'number':
			return Number.isFinite(v) ? String(v) : '';
		case 'boolean':
			return v ? 'Yes' : 'No';
		case 'bigint':
			return String(v);
		case 'object':
			break;
		default:
			return '';
	}
	if (depth > 3) return '…';
	if (Array.isArray(v)) {
		return v
			.map((x) => describe(x, depth + 1))
			.filter((s) => s !== '')
			.join(', ');
	}
	const o = v as Record<string, unknown>;
	if (typeof o.value === 'string' && Object.keys(o).every((k) => k === 'value' || k === 'label')) {
		return typeof o.label === 'string' && o.label !== '' ? `${o.value} (${o.label})` : o.value;
	}
	if (ADDRESS_PARTS.some((k) => k in o)) return addressLine(o);
	return Object.keys(o)
		.map((k) => [k, describe(o[k], depth + 1)] as const)
		.filter(([, s]) => s !== '')
		.map(([k, s]) => `${k}: ${s}`)
		.join('; ');
}
