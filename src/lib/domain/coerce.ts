/**
 * Field coercers used by validate.ts: each turns whatever a peer stored into a value the app
 * can show, and records what it had to change as one RecordIssue per field. Missing values
 * (undefined, null) become the default silently: an older peer simply did not have the field.
 * Written for speed: a well-formed value takes one type check and, for lists, one copy.
 */
import type { Address, LabelledValue, Preferences } from './records';
import type { RecordIssue } from './issues';
import { describeRaw } from './describe-raw';

export type Issues = RecordIssue[];

const NO_ALIASES: Readonly<Record<string, never>> = Object.freeze({});

function report(
	issues: Issues,
	field: string,
	label: string,
	expected: string,
	raw: unknown,
	shown: string
) {
	issues.push({
		field,
		message: `${label}: expected ${expected}, found ${describeRaw(raw)}; ${shown}.`,
		raw
	});
}

function reportNotes(issues: Issues, field: string, label: string, notes: string[], raw: unknown) {
	issues.push({ field, message: `${label}: ${notes.join('; ')}.`, raw });
}

/** A scalar as text when the meaning is plain (numbers, booleans), else null. */
function scalarText(v: unknown): string | null {
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
	if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	return null;
}

export function text(raw: unknown, field: string, label: string, issues: Issues): string {
	if (typeof raw === 'string') return raw;
	if (raw === undefined || raw === null) return '';
	let s = scalarText(raw);
	if (s === null && Array.isArray(raw) && raw.every((x) => typeof x === 'string')) {
		s = raw.join(', ');
	}
	if (s !== null) {
		report(issues, field, label, 'text', raw, `showing "${s}"`);
		return s;
	}
	report(issues, field, label, 'text', raw, 'showing it empty');
	return '';
}

/** An id that may be absent (organization, owner): '' counts as absent. */
export function optionalId(
	raw: unknown,
	field: string,
	label: string,
	issues: Issues
): string | null {
	if (typeof raw === 'string') return raw === '' ? null : raw;
	if (raw === undefined || raw === null) return null;
	const s = scalarText(raw);
	if (s !== null && typeof raw === 'number') {
		report(issues, field, label, 'an id', raw, `using "${s}"`);
		return s;
	}
	report(issues, field, label, 'an id', raw, 'showing none');
	return null;
}

/**
 * One of a fixed list. Case and spacing are forgiven (with an issue); known aliases map to
 * their value; anything else shows as `fallback`.
 */
export function oneOf<T extends string>(
	raw: unknown,
	allowed: readonly T[],
	missing: T,
	fallback: T,
	field: string,
	label: string,
	issues: Issues,
	aliases: Readonly<Record<string, T>> = NO_ALIASES
): T {
	if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
	if (raw === undefined || raw === null || raw === '') return missing;
	const expected = `one of ${allowed.join(', ')}`;
	if (typeof raw === 'string') {
		const t = raw.trim().toLowerCase().replace(/\s+/g, ' ');
		const hit =
			allowed.find((a) => a === t) ?? (Object.hasOwn(aliases, t) ? aliases[t] : undefined);
		if (hit !== undefined) {
			report(issues, field, label, expected, raw, `showing "${hit}"`);
			return hit;
		}
	}
	report(issues, field, label, expected, raw, `showing "${fallback}"`);
	return fallback;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function splitList(s: string): string[] {
	return s
		.split(/[,;\n]/)
		.map((x) => x.trim())
		.filter((x) => x !== '');
}

/** Emails and phones: a list of {label, value}. */
export function labelledList(
	raw: unknown,
	field: string,
	label: string,
	issues: Issues
): LabelledValue[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) {
		if (typeof raw === 'string' || typeof raw === 'number') {
			const out = splitList(String(raw)).map((value) => ({ label: '', value }));
			report(
				issues,
				field,
				label,
				'a list',
				raw,
				`showing ${count(out.length, 'entry', 'entries')}`
			);
			return out;
		}
		if (isPlainObject(raw) && 'value' in raw) {
			const notes: string[] = ['a single entry was stored instead of a list'];
			const one = labelledEntry(raw, notes);
			reportNotes(issues, field, label, notes, raw);
			return one ? [one] : [];
		}
		report(issues, field, label, 'a list', raw, 'showing none');
		return [];
	}
	const out: LabelledValue[] = [];
	let notes: string[] | null = null;
	for (let i = 0; i < raw.length; i++) {
		const e = raw[i];
		if (
			e !== null &&
			typeof e === 'object' &&
			typeof e.value === 'string' &&
			typeof e.label === 'string'
		) {
			out.push({ label: e.label, value: e.value });
			continue;
		}
		notes ??= [];
		const fixed = labelledEntry(e, notes);
		if (fixed) out.push(fixed);
	}
	if (notes) reportNotes(issues, field, label, dedupe(notes), raw);
	return out;
}

function labelledEntry(e: unknown, notes: string[]): LabelledValue | null {
	if (typeof e === 'string') {
		notes.push('an entry was plain text, shown without a label');
		return { label: '', value: e };
	}
	const s = scalarText(e);
	if (s !== null) {
		notes.push(`an entry was ${describeRaw(e)}, shown as "${s}"`);
		return { label: '', value: s };
	}
	if (!isPlainObject(e)) {
		notes.push(`an unreadable entry (${describeRaw(e)}) was skipped`);
		return null;
	}
	const value = typeof e.value === 'string' ? e.value : scalarText(e.value);
	let lab = typeof e.label === 'string' ? e.label : scalarText(e.label);
	if (value === null) {
		if (e.value !== undefined && e.value !== null) {
			notes.push(`an entry's value was ${describeRaw(e.value)}, so the entry was skipped`);
		} else notes.push('an entry without a value was skipped');
		return null;
	}
	if (typeof e.value !== 'string')
		notes.push(`a value was ${describeRaw(e.value)}, shown as "${value}"`);
	if (lab === null) {
		if (e.label !== undefined && e.label !== null) {
			notes.push(`a label was ${describeRaw(e.label)}, shown without a label`);
		}
		lab = '';
	} else if (typeof e.label !== 'string') {
		notes.push(`a label was ${describeRaw(e.label)}, shown as "${lab}"`);
	}
	return { label: lab, value };
}

const ADDRESS_KEYS = ['label', 'street', 'city', 'region', 'postcode', 'country'] as const;

export function addressList(raw: unknown, field: string, label: string, issues: Issues): Address[] {
	if (raw === undefined || raw === null) return [];
	let list: unknown[];
	let notes: string[] | null = null;
	if (Array.isArray(raw)) list = raw;
	else if (isPlainObject(raw) || typeof raw === 'string') {
		list = [raw];
		notes = ['a single address was stored instead of a list'];
	} else {
		report(issues, field, label, 'a list of addresses', raw, 'showing none');
		return [];
	}
	const out: Address[] = [];
	for (const e of list) {
		if (
			isPlainObject(e) &&
			typeof e.label === 'string' &&
			typeof e.street === 'string' &&
			typeof e.city === 'string' &&
			typeof e.region === 'string' &&
			typeof e.postcode === 'string' &&
			typeof e.country === 'string'
		) {
			out.push(
				withCoordinates(
					{
						label: e.label,
						street: e.street,
						city: e.city,
						region: e.region,
						postcode: e.postcode,
						country: e.country
					},
					e,
					(n) => (notes ??= []).push(n)
				)
			);
		} else if (isPlainObject(e)) {
			const a: Address = { label: '', street: '', city: '', region: '', postcode: '', country: '' };
			for (const k of ADDRESS_KEYS) {
				const v = e[k];
				if (typeof v === 'string') a[k] = v;
				else if (v !== undefined && v !== null) {
					const s = scalarText(v);
					notes ??= [];
					if (s !== null) {
						a[k] = s;
						notes.push(`${k} was ${describeRaw(v)}, shown as "${s}"`);
					} else notes.push(`${k} was ${describeRaw(v)}, shown empty`);
				}
			}
			out.push(withCoordinates(a, e, (n) => (notes ??= []).push(n)));
		} else if (typeof e === 'string') {
			notes ??= [];
			notes.push('an address was plain text, shown as the street');
			out.push({ label: '', street: e, city: '', region: '', postcode: '', country: '' });
		} else {
			notes ??= [];
			notes.push(`an unreadable entry (${describeRaw(e)}) was skipped`);
		}
	}
	if (notes) reportNotes(issues, field, label, dedupe(notes), raw);
	return out;
}

/**
 * The address with its coordinates when the stored ones are a real latitude and longitude (both
 * or neither: half a place is no place); anything else is dropped with a note.
 */
function withCoordinates(
	a: Address,
	e: Record<string, unknown>,
	note: (n: string) => void
): Address {
	const { lat, lon } = e;
	if (lat === undefined && lon === undefined) return a;
	const ok =
		typeof lat === 'number' &&
		typeof lon === 'number' &&
		Math.abs(lat) <= 90 &&
		Math.abs(lon) <= 180;
	if (ok) return { ...a, lat, lon };
	note(`coordinates ${describeRaw(lat)}, ${describeRaw(lon)} are not a place, left out`);
	return a;
}

/** Tags, interests, focus groups: distinct strings. A comma-separated text is split. */
export function stringList(raw: unknown, field: string, label: string, issues: Issues): string[] {
	if (raw === undefined || raw === null) return [];
	if (typeof raw === 'string') {
		const out = distinct(splitList(raw));
		report(issues, field, label, 'a list', raw, `showing ${count(out.length, 'item', 'items')}`);
		return out;
	}
	if (!Array.isArray(raw)) {
		const s = scalarText(raw);
		report(issues, field, label, 'a list', raw, s === null ? 'showing none' : `showing "${s}"`);
		return s === null ? [] : [s];
	}
	const out: string[] = [];
	let notes: string[] | null = null;
	for (let i = 0; i < raw.length; i++) {
		const e = raw[i];
		let s: string | null;
		if (typeof e === 'string') s = e;
		else {
			s = scalarText(e);
			notes ??= [];
			notes.push(
				s === null
					? `an unreadable item (${describeRaw(e)}) was skipped`
					: `an item was ${describeRaw(e)}, shown as "${s}"`
			);
			if (s === null) continue;
		}
		// Lists are short (a handful of tags): a linear scan beats a Set here.
		let dup = false;
		for (let j = 0; j < out.length; j++) {
			if (out[j] === s) {
				dup = true;
				break;
			}
		}
		if (dup) {
			notes ??= [];
			notes.push(`"${s}" appeared twice, shown once`);
			continue;
		}
		out.push(s);
	}
	if (notes) reportNotes(issues, field, label, dedupe(notes), raw);
	return out;
}

export function preferences(
	raw: unknown,
	field: string,
	label: string,
	issues: Issues
): Preferences {
	const out: Preferences = {};
	if (raw === undefined || raw === null) return out;
	if (!isPlainObject(raw)) {
		report(issues, field, label, 'a set of named values', raw, 'showing none');
		return out;
	}
	let notes: string[] | null = null;
	for (const k of Object.keys(raw)) {
		const v = raw[k];
		if (k === '__proto__') {
			notes ??= [];
			notes.push('a value named "__proto__" was skipped');
			continue;
		}
		if (typeof v === 'string') {
			out[k] = v;
			continue;
		}
		if (v === undefined || v === null) continue;
		notes ??= [];
		const s = scalarText(v) ?? safeJson(v);
		if (s === null) {
			notes.push(`"${k}" was unreadable, skipped`);
			continue;
		}
		out[k] = s;
		notes.push(
			`"${k}" was ${describeRaw(v)}, shown as "${s.length > 40 ? s.slice(0, 39) + '…' : s}"`
		);
	}
	if (notes) reportNotes(issues, field, label, notes, raw);
	return out;
}

function safeJson(v: unknown): string | null {
	try {
		return JSON.stringify(v) ?? null;
	} catch {
		return null;
	}
}

function distinct(xs: string[]): string[] {
	return [...new Set(xs)];
}

function dedupe(notes: string[]): string[] {
	return notes.length < 2 ? notes : [...new Set(notes)];
}

function count(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** A moment: ms since the epoch; a date text a peer wrote ('2026-03-31') is read, with an issue. */
export function moment(raw: unknown, field: string, label: string, issues: Issues): number | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
	const parsed = typeof raw === 'string' ? Date.parse(raw) : NaN;
	const n = Number.isFinite(parsed) ? parsed : null;
	const shown = n === null ? 'showing none' : `showing ${new Date(n).toISOString().slice(0, 10)}`;
	report(issues, field, label, 'a date', raw, shown);
	return n;
}

/** A number of at least 0 ('1 200,50' typed or stored as text is read), or null when absent. */
export function nonNegative(
	raw: unknown,
	field: string,
	label: string,
	issues: Issues
): number | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
	const n = typeof raw === 'string' ? parseAmount(raw) : null;
	report(
		issues,
		field,
		label,
		'a number of at least 0',
		raw,
		n === null ? 'showing it empty' : `showing ${n}`
	);
	return n;
}

/** A number from what people type or a peer stored: '1 200,50' → 1200.5; null if none. */
export function parseAmount(s: string): number | null {
	const t = s.replace(/[\s\u00a0']/g, '').replace(',', '.');
	if (!/^\d+(\.\d+)?$/.test(t)) return null;
	return Number(t);
}
