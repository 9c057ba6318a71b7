/**
 * Custom field values: reading what a peer stored (coerce), showing it (format) and turning
 * what a person typed into a stored value (parse). Dates are stored as 'YYYY-MM-DD'.
 */
import type { CustomFieldDef, CustomValue } from './records';
import { describeRaw } from './describe-raw';

export interface CoercedCustomValue {
	value: CustomValue;
	/** Set when the stored value did not fit the definition: what was wrong, what is shown. */
	issue?: string;
}

export interface CustomInputError {
	error: string;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);

/** Narrows a parseCustomInput result. */
export function isCustomInputError(v: CustomValue | CustomInputError): v is CustomInputError {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function daysInMonth(y: number, m: number): number {
	if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 'YYYY-MM-DD' for a real calendar day, else null; accepts unpadded month and day. */
export function normalizeIsoDate(s: string): string | null {
	// Called for every stored date of every record: the padded form is checked without a regex.
	if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
		const y = digits(s, 0, 4);
		const mo = digits(s, 5, 7);
		const d = digits(s, 8, 10);
		if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1) return d <= daysInMonth(y, mo) ? s : null;
	}
	const m = ISO_DATE.exec(s.trim());
	if (!m) return null;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
	return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The number written by s[from, to) if it is all digits, else -1. */
function digits(s: string, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		n = n * 10 + c;
	}
	return n;
}

function dateFromMs(ms: number): string | null {
	const d = new Date(ms);
	return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** A number from text people type: spaces as thousands separators, a comma as decimal mark. */
function parseNumber(s: string): number | null {
	let t = s.trim().replace(/[\s\u00a0\u202f']/g, '');
	if (t === '') return null;
	if (t.includes(',') && !t.includes('.')) t = t.replace(',', '.');
	else t = t.replace(/,/g, '');
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
	const n = Number(t);
	return Number.isFinite(n) ? n : null;
}

function parseBooleanWord(s: string): boolean | null {
	const t = s.trim().toLowerCase();
	if (TRUE_WORDS.has(t)) return true;
	if (FALSE_WORDS.has(t)) return false;
	return null;
}

function isEmptyRaw(raw: unknown): boolean {
	return raw === undefined || raw === null || raw === '';
}

function wrong(expected: string, raw: unknown, shown: string): string {
	return `expected ${expected}, found ${describeRaw(raw)}; ${shown}`;
}

function asText(raw: unknown): string | null {
	if (typeof raw === 'string') return raw;
	if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null;
	if (typeof raw === 'boolean') return String(raw);
	if (Array.isArray(raw) && raw.every((x) => typeof x === 'string' || typeof x === 'number')) {
		return raw.join(', ');
	}
	return null;
}

/** How an option is compared and a rename is keyed: case and surrounding spaces do not matter. */
export function optionKey(label: string): string {
	return label.trim().toLowerCase();
}

/**
 * The label `label` is called now after the renames (followed in a chain: A → B → C), or null
 * when it was not renamed. Two peers renaming in a circle at once leave a cycle: it stops there.
 */
export function renamedOption(
	renamed: Readonly<Record<string, string>> | undefined,
	label: string
): string | null {
	if (!renamed) return null;
	let current: string | null = null;
	const seen = new Set<string>();
	for (let key = optionKey(label); Object.hasOwn(renamed, key) && !seen.has(key);) {
		seen.add(key);
		current = renamed[key];
		key = optionKey(current);
	}
	return current;
}

/** Option matching that forgives case and surrounding spaces; returns the canonical option. */
function findOption(options: readonly string[], s: string): string | undefined {
	if (options.includes(s)) return s;
	const t = optionKey(s);
	return options.find((o) => optionKey(o) === t);
}

/** The option `s` names: as it is spelled now, or by a label it had before a rename. */
export function matchOption(def: CustomFieldDef, s: string): string | undefined {
	const direct = findOption(def.options, s);
	if (direct !== undefined) return direct;
	const now = renamedOption(def.renamed, s);
	return now === null ? undefined : findOption(def.options, now);
}

/** Stored options read through the renames (a peer's list from before a rename), no repeats. */
export function currentOptions(
	options: readonly string[],
	renamed: Readonly<Record<string, string>> | undefined
): string[] {
	const out: string[] = [];
	const seen = new Set<string>();
	for (const o of options) {
		const now = renamedOption(renamed, o) ?? o;
		if (seen.has(optionKey(now))) continue;
		seen.add(optionKey(now));
		out.push(now);
	}
	return out;
}

/**
 * Reads a stored custom value against its definition. Never throws: a value of the wrong type
 * is converted when the meaning is clear, otherwise shown empty, and `issue` says so.
 * An empty value (missing, null, '') is null without an issue.
 */
export function coerceCustomValue(def: CustomFieldDef, raw: unknown): CoercedCustomValue {
	if (isEmptyRaw(raw)) return { value: null };
	switch (def.type) {
		case 'text': {
			if (typeof raw === 'string') return { value: raw };
			const s = asText(raw);
			if (s !== null) return { value: s, issue: wrong('text', raw, `showing "${s}"`) };
			return { value: null, issue: wrong('text', raw, 'showing it empty') };
		}
		case 'number': {
			if (typeof raw === 'number' && Number.isFinite(raw)) return { value: raw };
			const n = typeof raw === 'string' ? parseNumber(raw) : null;
			if (n !== null) return { value: n, issue: wrong('a number', raw, `showing ${n}`) };
			return { value: null, issue: wrong('a number', raw, 'showing it empty') };
		}
		case 'date': {
			if (typeof raw === 'string') {
				const iso = normalizeIsoDate(raw);
				if (iso === raw) return { value: raw };
				const fromPrefix = iso ?? normalizeIsoDate(raw.slice(0, 10));
				if (fromPrefix) {
					return {
						value: fromPrefix,
						issue: wrong('a YYYY-MM-DD date', raw, `showing ${fromPrefix}`)
					};
				}
			} else if (typeof raw === 'number' && Number.isFinite(raw)) {
				const iso = dateFromMs(raw);
				if (iso) return { value: iso, issue: wrong('a YYYY-MM-DD date', raw, `showing ${iso}`) };
			}
			return { value: null, issue: wrong('a YYYY-MM-DD date', raw, 'showing it empty') };
		}
		case 'choice': {
			const s = asText(raw);
			if (s === null) return { value: null, issue: wrong('one option', raw, 'showing it empty') };
			const opt = matchOption(def, s);
			// Stored before its option was renamed: the value is right, only spelled as it was.
			if (opt !== undefined && (opt === raw || optionKey(opt) !== optionKey(s))) {
				return { value: opt };
			}
			if (opt !== undefined) {
				return { value: opt, issue: wrong('one of the options', raw, `showing "${opt}"`) };
			}
			// Options are edited by peers too: an unknown option is shown, not thrown away.
			return {
				value: s,
				issue: `"${s}" is not one of the options (${def.options.join(', ') || 'none'}); shown as stored`
			};
		}
		case 'multi-choice': {
			let items: string[];
			let converted = false;
			if (Array.isArray(raw)) {
				items = [];
				for (const x of raw) {
					const s = typeof x === 'string' ? x : asText(x);
					if (typeof x !== 'string') converted = true;
					if (s !== null && s.trim() !== '') items.push(s);
				}
			} else if (typeof raw === 'string') {
				items = raw
					.split(/[,;]/)
					.map((s) => s.trim())
					.filter((s) => s !== '');
				converted = true;
			} else {
				return { value: null, issue: wrong('a list of options', raw, 'showing it empty') };
			}
			const out: string[] = [];
			const unknown: string[] = [];
			for (const s of items) {
				const opt = matchOption(def, s);
				// A label from before a rename is not a conversion: the value is right as stored.
				const renamedFrom = opt !== undefined && optionKey(opt) !== optionKey(s);
				if (opt !== s && !renamedFrom) converted = true;
				const v = opt ?? s;
				if (opt === undefined) unknown.push(s);
				if (!out.includes(v)) out.push(v);
				else converted = true;
			}
			const notes: string[] = [];
			if (converted) notes.push(wrong('a list of options', raw, `showing "${out.join(', ')}"`));
			if (unknown.length)
				notes.push(`not among the options: ${unknown.join(', ')} (shown as stored)`);
			return notes.length ? { value: out, issue: notes.join('; ') } : { value: out };
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return { value: raw };
			const b =
				typeof raw === 'string'
					? parseBooleanWord(raw)
					: raw === 1
						? true
						: raw === 0
							? false
							: null;
			if (b !== null)
				return { value: b, issue: wrong('yes or no', raw, `showing ${b ? 'Yes' : 'No'}`) };
			return { value: null, issue: wrong('yes or no', raw, 'showing it empty') };
		}
		default: {
			// A definition from a newer peer with a type this client does not know: show as text.
			const s = asText(raw);
			return { value: s, issue: s === null ? 'unreadable value; showing it empty' : undefined };
		}
	}
}

/** The value for display: '' when empty, Yes/No for booleans, lists joined with commas. */
export function formatCustomValue(_def: CustomFieldDef, value: CustomValue): string {
	if (value === null || value === undefined) return '';
	if (Array.isArray(value)) return value.join(', ');
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	// Dates stay ISO: unambiguous in every locale. Numbers as stored, so they round-trip.
	return String(value);
}

/**
 * Turns what a person entered into a value to store, or a clear error. Empty input clears the
 * value (null). Choices must be one of the options (case-insensitive; stored as the option).
 */
export function parseCustomInput(
	def: CustomFieldDef,
	input: string | string[] | boolean
): CustomValue | CustomInputError {
	if (typeof input === 'boolean') {
		if (def.type === 'boolean') return input;
		return { error: `${def.label} expects ${expectation(def)}, not yes/no` };
	}
	if (Array.isArray(input)) {
		if (def.type !== 'multi-choice') {
			if (input.length <= 1) return parseCustomInput(def, input[0] ?? '');
			return { error: `${def.label} takes one value, not a list` };
		}
		return parseChoices(def, input);
	}
	const s = input.trim();
	if (s === '') return null;
	switch (def.type) {
		case 'text':
			return input;
		case 'number': {
			const n = parseNumber(s);
			return n === null ? { error: `${def.label}: "${s}" is not a number` } : n;
		}
		case 'date': {
			const iso = normalizeIsoDate(s);
			return iso ?? { error: `${def.label}: "${s}" is not a date (use YYYY-MM-DD)` };
		}
		case 'choice': {
			const opt = matchOption(def, s);
			return opt ?? { error: `${def.label}: "${s}" is not one of ${listOptions(def)}` };
		}
		case 'multi-choice':
			return parseChoices(def, s.split(/[,;]/));
		case 'boolean': {
			const b = parseBooleanWord(s);
			return b ?? { error: `${def.label}: "${s}" is not yes or no` };
		}
		default:
			return input;
	}
}

function parseChoices(def: CustomFieldDef, items: string[]): string[] | null | CustomInputError {
	const out: string[] = [];
	for (const item of items) {
		const t = item.trim();
		if (t === '') continue;
		const opt = matchOption(def, t);
		if (opt === undefined)
			return { error: `${def.label}: "${t}" is not one of ${listOptions(def)}` };
		if (!out.includes(opt)) out.push(opt);
	}
	return out.length ? out : null;
}

function listOptions(def: CustomFieldDef): string {
	return def.options.length ? `the options (${def.options.join(', ')})` : 'the options (none yet)';
}

function expectation(def: CustomFieldDef): string {
	switch (def.type) {
		case 'number':
			return 'a number';
		case 'date':
			return 'a date';
		case 'choice':
			return 'one option';
		case 'multi-choice':
			return 'a list of options';
		default:
			return 'text';
	}
}
