/**
 * Counting into buckets (months, weeks, stages, members) while remembering which records made
 * each figure, so every bar can open exactly its records; and turning the counts into points,
 * with the comparison period's figure of the same position (March against February).
 */
import type { RecordTypeName } from '../record-types';
import type { Drill, ReportPoint, ReportUnit, TableColumn } from './report';

export class Tally {
	readonly values: number[];
	readonly ids: string[][];

	constructor(size: number) {
		this.values = new Array<number>(size).fill(0);
		this.ids = Array.from({ length: size }, () => []);
	}

	add(i: number, id: string, value = 1): void {
		this.values[i] += value;
		this.ids[i].push(id);
	}

	/** Every id counted, each once, in the order counted. */
	allIds(): string[] {
		return [...new Set(this.ids.flat())];
	}

	get sum(): number {
		return this.values.reduce((a, b) => a + b, 0);
	}
}

export interface Keyed {
	key: string;
	label: string;
}

/** The records behind a figure, in the order counted: not sorted (a card of 60,000 calls
 * makes hundreds of drills, and only a clicked one is ever listed). */
export function drillOf(type: RecordTypeName, ids: readonly string[]): Drill {
	return { type, ids };
}

/** A drill whose ids are gathered only when read (a clicked figure), not for every figure. */
export function lazyDrill(type: RecordTypeName, gather: () => readonly string[]): Drill {
	let ids: readonly string[] | null = null;
	return {
		type,
		get ids() {
			return (ids ??= gather());
		}
	};
}

/** Points over `keys` from a tally; `previous` (same length) gives each one's comparison. */
export function pointsOf(
	keys: readonly Keyed[],
	tally: Tally,
	type: RecordTypeName,
	previous?: Tally | null
): ReportPoint[] {
	return keys.map((k, i) => ({
		key: k.key,
		label: k.label,
		value: tally.values[i],
		...(previous ? { previous: previous.values[i] ?? 0 } : {}),
		drill: drillOf(type, tally.ids[i])
	}));
}

export const COUNT: ReportUnit = { kind: 'count' };

export function currencyUnit(currency: string): ReportUnit {
	return { kind: 'currency', currency };
}

/** A table column of numbers. */
export function numberColumn(key: string, label: string, unit: ReportUnit): TableColumn {
	return { key, label, unit };
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounded to two decimals, as figures are shown and exported. */
export function round2(n: number): number {
	return Math.round(n * 100) / 100;
}
