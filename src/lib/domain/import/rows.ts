/**
 * One parsed row plus the column mapping to the fields of a new or updated record, with a
 * reason for every value that was left out or changed. Values that cannot be read are left
 * out, so what comes back is always a valid partial record.
 */
import type { TakeParsed } from '../record-types';
import type { Address, CustomFieldDef, CustomValue, LabelledValue } from '../records';
import { detectDateOrder, isEmptyDate, type DayMonthOrder } from './dates';
import type { ColumnMapping, ImportableType, PlainField } from './targets';
import {
	cleanLabel,
	parseCustom,
	parseEmail,
	parsePhone,
	splitEmails,
	splitList,
	type Parsed
} from './values';

/**
 * A row as the fields of a record of the imported type (its declaration's `build` says which),
 * plus the values every type with contacts, custom fields and notes shares. A field naming a
 * record of another type (a person's `organizationName`) is linked, not stored.
 */
export type ImportedFields = {
	[field: string]: unknown;
	emails?: LabelledValue[];
	phones?: LabelledValue[];
	addresses?: Address[];
	tags?: string[];
	custom?: Record<string, CustomValue>;
	notes?: string;
};

export interface RowResult {
	fields: ImportedFields;
	problems: string[];
	/** Nothing that identifies a record (the type's `identifies`): skip it. */
	empty: boolean;
}

export interface RowOptions {
	type: ImportableType;
	/** Day-month order of each date column, by column index (see analyseColumns). */
	dateOrders?: Record<number, DayMonthOrder>;
}

/**
 * Looks at whole columns before rows are converted: the day-month order of every date
 * column, and a note for each column where it had to be assumed.
 */
export function analyseColumns(
	rows: string[][],
	mapping: ColumnMapping[],
	customDefs: CustomFieldDef[],
	type: ImportableType,
	fallbackOrder: DayMonthOrder = 'dmy'
): { options: RowOptions; notes: string[] } {
	const dateOrders: Record<number, DayMonthOrder> = {};
	const notes: string[] = [];
	for (const m of mapping) {
		if (m.target.type !== 'custom') continue;
		const defId = m.target.defId;
		const def = customDefs.find((d) => d.id === defId);
		if (def?.type !== 'date') continue;
		const guess = detectDateOrder(
			rows.map((r) => r[m.column] ?? ''),
			fallbackOrder
		);
		dateOrders[m.column] = guess.order;
		if (!guess.certain) {
			const reading = guess.order === 'dmy' ? 'day/month/year' : 'month/day/year';
			notes.push(
				`Dates in “${m.header}” could be day-first or month-first; they are read as ${reading}.`
			);
		}
	}
	return { options: { type, dateOrders }, notes };
}

/** The converter for one mapping, built once for all rows of an import. */
export function rowConverter(
	mapping: ColumnMapping[],
	customDefs: CustomFieldDef[],
	opts: RowOptions
): (row: string[]) => RowResult {
	const defs = new Map(customDefs.map((d) => [d.id, d]));
	const active = mapping.filter((m) => m.target.type !== 'ignore');
	const combine = new Map<PlainField, Combine>();
	for (const f of opts.type.import.fields) combine.set(f.key, f.combine ?? 'first');
	combine.set('notes', 'lines');
	return (row) => convert(row, active, defs, combine, opts);
}

export function rowToRecord(
	row: string[],
	mapping: ColumnMapping[],
	customDefs: CustomFieldDef[],
	opts: RowOptions
): RowResult {
	return rowConverter(mapping, customDefs, opts)(row);
}

interface Slot {
	label: string;
	labelFromColumn: string;
	values: string[];
}

/** How several columns mapped to one field combine (see ImportField.combine). */
type Combine = 'first' | 'words' | 'lines' | 'list';

/** What one row collects before it becomes fields; sparse arrays are indexed by slot. */
class RowState {
	problems: string[] = [];
	text: Record<PlainField, string> = {};
	lists: Record<PlainField, string[]> | null = null;
	noteLines = '';
	emails: Slot[] | null = null;
	phones: Slot[] | null = null;
	addresses: Address[] | null = null;
	custom: Record<string, CustomValue> | null = null;

	/** Keeps a parsed value, or records why it was left out. */
	take: TakeParsed = <T>(r: Parsed<T> | null): r is { value: T; warning?: string } => {
		if (r === null) return false;
		if ('error' in r) {
			this.problems.push(r.error);
			return false;
		}
		if (r.warning) this.problems.push(r.warning);
		return true;
	};
}

function slotOf(list: Slot[], index: number): Slot {
	return (list[index] ??= { label: '', labelFromColumn: '', values: [] });
}

/** Undoes the apostrophe a CSV export puts before = + - @ against formula injection. */
function unneutralise(v: string): string {
	return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

function convert(
	row: string[],
	mapping: ColumnMapping[],
	defs: Map<string, CustomFieldDef>,
	combine: Map<PlainField, Combine>,
	opts: RowOptions
): RowResult {
	const st = new RowState();
	for (const { column, header, target } of mapping) {
		const raw = row[column];
		if (raw === undefined || raw === '') continue;
		const v = unneutralise(raw.trim());
		if (v === '') continue;
		switch (target.type) {
			case 'field': {
				const f = target.field;
				const how = combine.get(f);
				const had = st.text[f];
				if (how === 'list') ((st.lists ??= {})[f] ??= []).push(...splitList(v));
				else if (had === undefined) st.text[f] = v;
				else if (how === 'words') st.text[f] = `${had} ${v}`;
				else if (how === 'lines') st.text[f] = `${had}\n${v}`;
				break;
			}
			case 'email':
			case 'phone': {
				const isEmail = target.type === 'email';
				const parts = isEmail ? splitEmails(v) : v.includes(':::') ? v.split(':::') : [v];
				for (const part of parts) {
					if (!isEmail && part.trim() === '') continue;
					const r = isEmail ? parseEmail(part) : parsePhone(part);
					if (!st.take(r)) continue;
					const s = slotOf(isEmail ? (st.emails ??= []) : (st.phones ??= []), target.index);
					s.label = target.label;
					s.values.push(r.value);
				}
				break;
			}
			case 'emailLabel':
				slotOf((st.emails ??= []), target.index).labelFromColumn = cleanLabel(v);
				break;
			case 'phoneLabel':
				slotOf((st.phones ??= []), target.index).labelFromColumn = cleanLabel(v);
				break;
			case 'address': {
				const list = (st.addresses ??= []);
				const a = (list[target.index] ??= {
					label: target.label,
					street: '',
					city: '',
					region: '',
					postcode: '',
					country: ''
				});
				if (target.part === 'label') a.label = cleanLabel(v);
				else if (target.part === 'street') a.street = a.street ? `${a.street}, ${v}` : v;
				else if (a[target.part] === '') a[target.part] = v;
				break;
			}
			case 'noteLine':
				// Outlook writes 0/0/00 in every empty date column.
				if (!isEmptyDate(v)) {
					st.noteLines = st.noteLines ? `${st.noteLines}\n${header}: ${v}` : `${header}: ${v}`;
				}
				break;
			case 'custom': {
				const def = defs.get(target.defId);
				if (!def) {
					st.problems.push(`Column “${header}” is mapped to a custom field that no longer exists.`);
					break;
				}
				const custom = (st.custom ??= {});
				if (custom[def.id] !== undefined) break;
				const r = parseCustom(def, v, opts.dateOrders?.[column] ?? 'dmy');
				if (st.take(r)) custom[def.id] = r.value;
				break;
			}
		}
	}
	return finish(st, opts.type);
}

function finish(st: RowState, type: ImportableType): RowResult {
	const values: Record<PlainField, string | string[]> = { ...st.text };
	for (const [f, items] of Object.entries(st.lists ?? {})) {
		if (items.length > 0) values[f] = dedupe(items);
	}
	delete values.notes;
	const fields = type.import.build(values, st.take);
	if (st.emails) {
		const list = labelled(st.emails);
		if (list.length > 0) fields.emails = list;
	}
	if (st.phones) {
		const list = labelled(st.phones);
		if (list.length > 0) fields.phones = list;
	}
	if (st.addresses) {
		const list: Address[] = [];
		for (const a of st.addresses) {
			if (a && (a.street || a.city || a.region || a.postcode || a.country)) list.push(a);
		}
		if (list.length > 0) fields.addresses = list;
	}
	if (st.custom && Object.keys(st.custom).length > 0) fields.custom = st.custom;
	const text = st.text.notes ?? '';
	const notes = text && st.noteLines ? `${text}\n${st.noteLines}` : text || st.noteLines;
	if (notes) fields.notes = notes;

	const empty = !type.import.identifies(fields);
	if (empty) st.problems.push(type.import.unidentified);
	return { fields, problems: st.problems, empty };
}

/** Slots in index order (holes skipped), each value with its label; the same value only once. */
function labelled(slots: Slot[]): LabelledValue[] {
	const out: LabelledValue[] = [];
	let seen: Set<string> | null = null;
	for (const s of slots) {
		if (!s) continue;
		for (const value of s.values) {
			const key = value.toLowerCase();
			if (out.length > 0) {
				seen ??= new Set(out.map((o) => o.value.toLowerCase()));
				if (seen.has(key)) continue;
				seen.add(key);
			}
			out.push({ label: s.labelFromColumn || s.label || 'other', value });
		}
	}
	return out;
}

function dedupe(items: string[]): string[] {
	const seen = new Set<string>();
	return items.filter((i) => {
		const k = i.toLowerCase();
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}
