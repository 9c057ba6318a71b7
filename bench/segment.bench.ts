/**
 * Segments over 100k real person rows (budget, README "Performance": a 5-condition segment ≤ 16 ms, one frame):
 * the workspace comes from bench/generate.ts (SIZES['100k'] without its interactions, seed 42:
 * a person row reads only their contact entries, and none are written then) and its rows from the app's own row builder (src/lib/data/rows.ts, whose
 * `$lib` imports tsx resolves through tsconfig.json's paths). Measured: compile + evaluate, the
 * compile alone, the same segment through the reference evaluator (the naive specification)
 * and through a hand-written filter, and the live count while a text condition is typed.
 */
import { generateWorkspace, SIZES } from './generate';
import { layoutOf, readField } from '../src/lib/data/layout';
import { rowBuilder } from '../src/lib/data/rows';
import { intern, internAll } from '../src/lib/data/intern';
import { person } from '../src/lib/domain/record-types';
import type { PersonRow } from '../src/lib/data/types';
import type { CustomFieldDef } from '../src/lib/domain/records';
import { fold } from '../src/lib/domain/search';
import {
	compileSegment,
	countRows,
	evaluateSegment,
	referenceMatches,
	validateSegment,
	type SegmentContext,
	type SegmentDef
} from '../src/lib/domain/segments';
import { median, summarize, type BenchOptions, type BenchResult } from './result';
import { runPurchaseSegments } from './segment-purchases';

const FRAME_MS = 16;
const DAY_MS = 86_400_000;

const KINDS = ['client', 'lead', 'prospect'];
const RECENT_DAYS = 730;
const CITIES = ['New York', 'chicago', 'Berlin', 'munchen', 'KOLN', 'London', 'Paris', 'Lyon'];
const TAGS = ['vip', 'key-account', 'champion', 'renewal-q1', 'upsell'];

/** kind AND city AND tags AND recency AND (email OR phone): five conditions, one an OR group. */
const FIVE_CONDITIONS: SegmentDef = {
	match: 'all',
	children: [
		{ field: 'kind', op: 'is_any_of', value: KINDS },
		{ field: 'city', op: 'is_any_of', value: CITIES },
		{ field: 'tags', op: 'has_any_of', value: TAGS },
		{ field: 'updatedAt', op: 'within_last_days', value: RECENT_DAYS },
		{
			match: 'any',
			children: [
				{ field: 'email', op: 'is_not_empty' },
				{ field: 'phone', op: 'is_not_empty' }
			]
		}
	]
};

/** What a person types into a "Name contains" box, one keystroke at a time. */
const TYPED = ['maria', 'müller', 'jean-p', 'kowalsk'];

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const started = performance.now();
	const { rows, customFields } = personRows();
	const buildSeconds = (performance.now() - started) / 1000;
	// The generated workspace's present: its latest edit, so "the last N days" means something.
	const now = rows.reduce((max, r) => Math.max(max, r.updatedAt), 0);
	const ctx: SegmentContext = { fields: person.segmentFields, customFields, now, timeZone: 'utc' };
	const checked = validateSegment(FIVE_CONDITIONS, customFields, person.segmentFields);
	if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'));
	const def = checked.segment;
	const label = `${rows.length.toLocaleString('en-US')} person rows (generated and built in ${buildSeconds.toFixed(0)} s)`;

	const reps = quick ? 15 : 50;
	const warmups = quick ? 3 : 10;

	let matched = 0;
	const compiled = sample(reps, warmups, () => {
		matched = evaluateSegment(rows, def, ctx).count;
	});
	const reference = sample(quick ? 3 : 10, 1, () => {
		const n = rows.filter((r) => referenceMatches(r, def, ctx)).length;
		if (n !== matched) throw new Error(`reference matched ${n} rows, compiled ${matched}`);
	});
	const handWritten = sample(reps, warmups, () => {
		const n = handWrittenFilter(rows, now).length;
		if (n !== matched)
			throw new Error(`hand-written filter matched ${n} rows, compiled ${matched}`);
	});
	const compileOnly = sample(reps, warmups, () => {
		for (let i = 0; i < 1_000; i++) compileSegment(def, ctx);
	}); // 1,000 compiles in ms = one compile in µs

	const typing: number[] = [];
	let lastCount = 0;
	const keystrokes = (word: string) => [...word].map((_, i) => word.slice(0, i + 1));
	for (let round = 0; round < (quick ? 2 : 6); round++) {
		for (const word of TYPED) {
			for (const text of keystrokes(word)) {
				const t = performance.now();
				const test = compileSegment(
					{ match: 'all', children: [{ field: 'name', op: 'contains', value: text }] },
					ctx
				);
				lastCount = countRows(rows, test);
				if (round > 0) typing.push(performance.now() - t); // round 0 warms up
			}
		}
	}

	const purchases = runPurchaseSegments(rows, customFields, now, quick);

	const share = (n: number) =>
		`${n.toLocaleString('en-US')} (${((100 * n) / rows.length).toFixed(1)} %)`;
	return [
		summarize(
			'segment.100k.five_conditions',
			'ms',
			'lower',
			compiled,
			FRAME_MS,
			reference,
			`${label}: compile + evaluate kind is any of [${KINDS.join(', ')}] AND city is any of ${CITIES.length} cities (accent- and case-insensitive) AND tags has any of ${TAGS.length} AND updated within the last ${RECENT_DAYS} days AND (email or phone not empty); matched ${share(matched)}; reference = the reference evaluator (reference.ts), same rows, same answer`
		),
		summarize(
			'segment.100k.five_conditions.hand_written',
			'ms',
			'lower',
			handWritten,
			null,
			median(compiled),
			'the same five conditions as one hand-written filter (folding each city per row): the code a segment compiler competes with; reference = the compiled segment'
		),
		summarize(
			'segment.compile',
			'µs',
			'lower',
			compileOnly,
			null,
			undefined,
			'compiling the five-condition segment alone (fold the cities, build the Sets, pick the tests), per compile'
		),
		summarize(
			'segment.100k.typing',
			'ms',
			'lower',
			typing,
			FRAME_MS,
			undefined,
			`live count while typing "Name contains": each keystroke of ${TYPED.map((w) => `"${w}"`).join(', ')} recompiles and counts over ${rows.length.toLocaleString('en-US')} rows (budget: one frame, as for the segment); "${TYPED.at(-1)}" matched ${share(lastCount)}`
		),
		...purchases
	];
}

/** The generated people as the list sees them, built by the app's own row builder. */
function personRows(): { rows: PersonRow[]; customFields: CustomFieldDef[] } {
	const { docs, json } = generateWorkspace({
		...SIZES['100k'],
		interactions: 0,
		seed: 42
	});
	const layout = layoutOf(docs);
	const defs: Record<string, CustomFieldDef[]> = { person: [], organization: [] };
	for (const def of json.customFields) (defs[def.entity] ??= []).push(def);
	const orgNames = new Map<string, string>();
	layout.organizations.forEach((map, id) => {
		const name = readField(map, 'name');
		orgNames.set(id, typeof name === 'string' ? name : '');
	});
	const build = rowBuilder<PersonRow>(person, () => defs.person, {
		related: (_field, id) => (id ? (orgNames.get(id) ?? '') : ''),
		count: () => 0,
		intern,
		internAll,
		lastContact: () => null
	});
	const rows: PersonRow[] = [];
	layout.people.forEach((map, id, doc) => {
		const row = build(id, map, doc);
		if (row) rows.push(row);
	});
	docs.destroy();
	return { rows, customFields: json.customFields };
}

/** FIVE_CONDITIONS written by hand, the way one would without a segment engine. */
function handWrittenFilter(rows: readonly PersonRow[], now: number): PersonRow[] {
	const kinds = new Set(KINDS);
	const cities = new Set(CITIES.map((c) => fold(c)));
	const tags = new Set(TAGS);
	const since = now - RECENT_DAYS * DAY_MS;
	return rows.filter(
		(r) =>
			kinds.has(r.kind) &&
			cities.has(fold(r.city)) &&
			r.tags.some((t) => tags.has(t)) &&
			r.updatedAt >= since &&
			r.updatedAt <= now &&
			(r.email.trim() !== '' || r.phone.trim() !== '')
	);
}

/** Milliseconds per call of fn, after some unmeasured calls. */
function sample(runs: number, warmups: number, fn: () => void): number[] {
	for (let i = 0; i < warmups; i++) fn();
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		out.push(performance.now() - t);
	}
	return out;
}
