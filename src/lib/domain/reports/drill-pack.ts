/**
 * A result's drills packed for the trip from the reports worker to the page: every list of ids
 * becomes one string (ids joined by newlines, each distinct list once), so the page receives a
 * few strings instead of hundreds of thousands — copying them is one memory copy, not a task
 * of hundreds of ms — and splits a list only when its figure is opened. Record ids hold no
 * newline (uuids, month-placed uuids).
 */
import type { Drill, ReportResult } from './report';

export interface PackedResult {
	/** The result with each drill's ids replaced by `{ at }`: an index into `texts`. */
	result: unknown;
	texts: string[];
}

type PackedDrill = { type: Drill['type']; at: number };

/** Calls `fn` on every drill of the result, where it sits, replacing it by what it returns. */
function eachDrill<A, B>(result: unknown, fn: (d: A) => B): unknown {
	const r = result as {
		series: { points: { drill: A }[] }[];
		table: { rows: { drill?: A; drills?: readonly (A | null)[] }[] };
		total?: { drill: A };
	};
	return {
		...r,
		series: r.series.map((s) => ({
			...s,
			points: s.points.map((p) => ({ ...p, drill: fn(p.drill) }))
		})),
		table: {
			...r.table,
			rows: r.table.rows.map((row) => ({
				...row,
				...(row.drill ? { drill: fn(row.drill) } : {}),
				...(row.drills ? { drills: row.drills.map((d) => (d ? fn(d) : null)) } : {})
			}))
		},
		...(r.total ? { total: { ...r.total, drill: fn(r.total.drill) } } : {})
	};
}

export function packDrills(result: ReportResult): PackedResult {
	const index = new Map<readonly string[], number>();
	const texts: string[] = [];
	const packed = eachDrill<Drill, PackedDrill>(result, (d) => {
		let at = index.get(d.ids);
		if (at === undefined) {
			index.set(d.ids, (at = texts.length));
			texts.push(d.ids.join('\n'));
		}
		return { type: d.type, at };
	});
	return { result: packed, texts };
}

/**
 * The result's figures with every drill's ids left out (each reads as no records): what a
 * device keeps of a card (session/card-results.ts), whose links name the figure and are listed
 * from the live data — at full size a card's ids run to megabytes, written and read for nothing.
 */
export function figuresOnly(result: ReportResult): PackedResult {
	return {
		result: eachDrill<Drill, PackedDrill>(result, (d) => ({ type: d.type, at: 0 })),
		texts: ['']
	};
}

/** The result again, each drill's ids split from its text when first read. */
export function unpackDrills({ result, texts }: PackedResult): ReportResult {
	const lists: (string[] | undefined)[] = [];
	const idsAt = (at: number) => (lists[at] ??= texts[at] === '' ? [] : texts[at].split('\n'));
	return eachDrill<PackedDrill, Drill>(result, ({ type, at }) => {
		const drill = { type } as Drill;
		Object.defineProperty(drill, 'ids', { get: () => idsAt(at), enumerable: true });
		return drill;
	}) as ReportResult;
}
