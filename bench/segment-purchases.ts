/**
 * Segments with a purchase condition (issue #15's budget: 100k people and 1M order lines, a
 * 5-condition segment including a purchase condition: full evaluation ≤ 16 ms; incremental
 * update after one edit ≤ 2 ms), over the real person rows segment.bench.ts builds. The
 * purchase profiles come from a plain seeded generator of PurchaseProfile-shaped lines (10 per
 * person on average, over two years, 6 categories): segments read only the lines, looked up by
 * id, as the app does (session/segment-facts.ts).
 */
import type { PersonRow } from '../src/lib/data/types';
import { person } from '../src/lib/domain/record-types';
import type { CustomFieldDef } from '../src/lib/domain/records';
import { seededRandom } from '../src/lib/domain/seeded-random';
import {
	compileSegment,
	countRows,
	evaluateSegment,
	referenceMatches,
	validateSegment,
	type SegmentContext,
	type SegmentDef
} from '../src/lib/domain/segments';
import { buyersFinder } from '../src/lib/domain/segments/buyers';
import { FIND_BUYERS_AFTER } from '../src/lib/domain/segments/compile-derived';
import { PERSON_DERIVED_FIELDS, type BoughtLine } from '../src/lib/domain/segments/derived';
import { SegmentMembership } from '../src/lib/domain/segments/membership';
import { NarrowingEvaluator } from '../src/lib/domain/segments/narrowing';
import { summarize, type BenchResult } from './result';

const DAY_MS = 86_400_000;
const FRAME_MS = 16;
const CATEGORIES = ['vegetarian', 'vegan', 'meat', 'dairy', 'bakery', 'drinks'];
const TYPED = ['maria', 'müller', 'jean-p', 'kowalsk'];

const SEGMENT: SegmentDef = {
	match: 'all',
	children: [
		{ field: 'kind', op: 'is_any_of', value: ['client', 'lead', 'prospect'] },
		{ field: 'city', op: 'is_any_of', value: ['Berlin', 'munchen', 'London', 'Paris', 'Lyon'] },
		{ field: 'tags', op: 'has_any_of', value: ['vip', 'key-account', 'champion', 'upsell'] },
		{ field: 'updatedAt', op: 'within_last_days', value: 730 },
		{ field: 'purchases.lines', op: 'bought', value: { category: 'Vegetarian', days: 90 } }
	]
};

/** ~10 lines per person (1M for 100k), oldest first, over the two years before now. */
function generateLines(rows: readonly PersonRow[], now: number, perPerson: number) {
	const random = seededRandom(7);
	const byId = new Map<string, BoughtLine[]>();
	let total = 0;
	for (const r of rows) {
		const n = Math.floor(random() * perPerson * 2);
		const lines: BoughtLine[] = [];
		for (let i = 0; i < n; i++)
			lines.push({
				at: now - Math.floor(random() * 730 * DAY_MS),
				productId: `p${Math.floor(random() * 500)}`,
				category: CATEGORIES[Math.floor(random() * CATEGORIES.length)],
				amount: Math.round(random() * 10_000) / 100
			});
		lines.sort((a, b) => a.at - b.at);
		total += n;
		byId.set(r.id, lines);
	}
	return { byId, total };
}

/** Milliseconds per call of fn (or what fn returns, when it times its own part). */
function sample(runs: number, warmups: number, fn: () => void | number): number[] {
	for (let i = 0; i < warmups; i++) fn();
	const out: number[] = [];
	for (let i = 0; i < runs; i++) out.push(time(fn));
	return out;
}

function time(fn: () => void | number): number {
	const t = performance.now();
	const own = fn();
	return typeof own === 'number' ? own : performance.now() - t;
}

export function runPurchaseSegments(
	rows: PersonRow[],
	customFields: CustomFieldDef[],
	now: number,
	quick: boolean
): BenchResult[] {
	const { byId, total } = generateLines(rows, now, 10);
	const ctx: SegmentContext = {
		fields: { ...person.segmentFields, ...PERSON_DERIVED_FIELDS },
		customFields,
		now,
		timeZone: 'utc',
		lookups: { 'purchases.lines': (id) => byId.get(id) }
	};
	const checked = validateSegment(SEGMENT, customFields, ctx.fields);
	if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('\n'));
	const def = checked.segment;
	const reps = quick ? 15 : 50;
	const warmups = quick ? 3 : 10;
	const label = `${rows.length.toLocaleString('en-US')} person rows, ${total.toLocaleString('en-US')} order lines`;

	let matched = 0;
	const full = sample(reps, warmups, () => {
		matched = evaluateSegment(rows, def, ctx).count;
	});
	const reference = rows.filter((r) => referenceMatches(r, def, ctx)).length;
	if (reference !== matched) throw new Error(`reference ${reference}, compiled ${matched}`);

	// The builder's preview (session/segment-facts.ts): the buyers found once per question and
	// purchases version, kept across changes the finder is told of. "first" bumps the version
	// untold each run, so nothing is kept; "told" changes one customer's purchases and says so.
	let version = 0;
	const finder = buyersFinder(
		() => byId,
		() => version,
		(id) => byId.get(id)
	);
	const fast: SegmentContext = { ...ctx, buyers: finder };
	const check = (n: number, want = matched) => {
		if (n !== want) throw new Error(`with buyers ${n}, by rows ${want}`);
	};
	// The reference in the same run, interleaved: the same segment without its purchase
	// condition (each figure of a pair taken under the same load).
	const plainDef: SegmentDef = { match: 'all', children: def.children.slice(0, 4) };
	const plainMatched = evaluateSegment(rows, plainDef, ctx).count;
	const withBuyers: number[] = [];
	const plain: number[] = [];
	for (let i = 0; i < warmups + reps; i++) {
		const a = time(() => check(evaluateSegment(rows, def, fast).count));
		const b = time(() => check(evaluateSegment(rows, plainDef, ctx).count, plainMatched));
		if (i < warmups) continue;
		withBuyers.push(a);
		plain.push(b);
	}
	const firstWithBuyers = sample(reps, warmups, () => {
		version++;
		check(evaluateSegment(rows, def, fast).count);
	});
	// Bought vegetarian in the last 90 days alone: every row reaches the purchase test, so the
	// buyers are found (a pass over every customer); after one customer's purchases changed and
	// the finder was told, they are patched, not found again.
	const alone: SegmentDef = { match: 'all', children: [def.children[4]] };
	const aloneMatched = rows.filter((r) => referenceMatches(r, alone, ctx)).length;
	const aloneFirst = sample(reps, 1, () => {
		version++;
		check(evaluateSegment(rows, alone, fast).count, aloneMatched);
	});
	const aloneKept = sample(reps, warmups, () =>
		check(evaluateSegment(rows, alone, fast).count, aloneMatched)
	);
	// Someone who bought no vegetarian lately, in and out of the segment in turn.
	const outside = rows.find((r) => !referenceMatches(r, alone, ctx))!;
	const someone = outside.id;
	const theirs = byId.get(someone) ?? [];
	byId.set(someone, theirs);
	const aloneTold = sample(reps, warmups, () => {
		const inside = theirs.at(-1)?.at === now;
		if (inside) theirs.pop();
		else theirs.push({ at: now, productId: 'p1', category: 'vegetarian', amount: 5 });
		version++;
		finder.changed(new Set([someone]));
		check(evaluateSegment(rows, alone, fast).count, aloneMatched + (inside ? 0 : 1));
	});
	if (referenceMatches(outside, alone, ctx) !== (theirs.at(-1)?.at === now))
		throw new Error('the changed customer is not where their purchases say');

	// One edit: a person's city changes (in and out of the segment), or their purchases do.
	const test = compileSegment(def, ctx);
	const membership = new SegmentMembership(test, rows);
	const byRow = new Map(rows.map((r) => [r.id, r]));
	const random = seededRandom(11);
	const oneEdit: number[] = [];
	for (let i = 0; i < (quick ? 200 : 1_000); i++) {
		const r = rows[Math.floor(random() * rows.length)];
		const edited = { ...r, city: r.city === 'Berlin' ? 'Hamburg' : 'Berlin' };
		byRow.set(r.id, edited);
		if (i % 2)
			byId.get(r.id)?.push({ at: now, productId: 'p1', category: 'vegetarian', amount: 5 });
		const t = performance.now();
		membership.update([r.id], (id) => byRow.get(id));
		oneEdit.push(performance.now() - t);
	}
	const after = [...byRow.values()].filter(test).length;
	if (after !== membership.size) throw new Error(`incremental ${membership.size}, full ${after}`);

	// Typing "Name contains" beside the four other conditions: each keystroke re-counts.
	const keystrokes = (word: string) => [...word].map((_, i) => word.slice(0, i + 1));
	const typedDef = (text: string): SegmentDef => ({
		match: 'all',
		children: [{ field: 'name', op: 'contains', value: text }, ...def.children.slice(0, 2)]
	});
	const plainTyping: number[] = [];
	const narrowTyping: number[] = [];
	const backTyping: number[] = [];
	for (let round = 0; round < (quick ? 2 : 6); round++) {
		for (const word of TYPED) {
			const live = new NarrowingEvaluator<PersonRow>();
			for (const text of keystrokes(word)) {
				let t = performance.now();
				const plain = countRows(rows, compileSegment(typedDef(text), ctx));
				if (round > 0) plainTyping.push(performance.now() - t);
				t = performance.now();
				const narrowed = live.evaluate(rows, typedDef(text), ctx).length;
				if (round > 0) narrowTyping.push(performance.now() - t);
				if (plain !== narrowed) throw new Error(`narrowed ${narrowed}, full ${plain}`);
			}
			// Then taken back letter by letter (Backspace): answers kept from the typing.
			for (const text of keystrokes(word).reverse().slice(1)) {
				const t = performance.now();
				const back = live.evaluate(rows, typedDef(text), ctx).length;
				if (round > 0) backTyping.push(performance.now() - t);
				const plain = countRows(rows, compileSegment(typedDef(text), ctx));
				if (plain !== back) throw new Error(`taken back ${back}, full ${plain}`);
			}
		}
	}

	return [
		summarize(
			'segment.100k.purchases.five_conditions.buyers',
			'ms',
			'lower',
			withBuyers,
			FRAME_MS,
			full,
			`${label}: the same segment as the builder's preview evaluates it — each group's tests ordered by cost and by how often they pass on 256 sampled rows (selectivity.ts), the purchase test reached by few rows, the buyers of vegetarian in the last 90 days found only after ${FIND_BUYERS_AFTER} rows reach it (buyers.ts); reference = the preview without a buyers finder`
		),
		summarize(
			'segment.100k.purchases.four_conditions_reference',
			'ms',
			'lower',
			plain,
			FRAME_MS,
			withBuyers,
			`${label}: the same segment without its purchase condition (kind, city, tags, updated within 730 days), each run right after one of the five-condition segment's; reference = the five-condition segment in the same runs`
		),
		summarize(
			'segment.100k.purchases.bought_alone_first',
			'ms',
			'lower',
			aloneFirst,
			null,
			undefined,
			`${label}: "bought vegetarian in the last 90 days" alone, the first evaluation after the purchases changed untold: every row reaches the test, so after ${FIND_BUYERS_AFTER} rows the buyers are found from every customer's purchases`
		),
		summarize(
			'segment.100k.purchases.bought_alone',
			'ms',
			'lower',
			aloneKept,
			FRAME_MS,
			aloneFirst,
			`${label}: the same, its buyers kept (the next keystroke); reference = the first evaluation`
		),
		summarize(
			'segment.100k.purchases.bought_alone_after_change',
			'ms',
			'lower',
			aloneTold,
			FRAME_MS,
			aloneFirst,
			`${label}: the same, the first evaluation after one customer's purchases changed and the finder was told: the kept buyers patched for that customer; reference = found anew`
		),
		summarize(
			'segment.100k.purchases.five_conditions.buyers_first',
			'ms',
			'lower',
			firstWithBuyers,
			FRAME_MS,
			full,
			`${label}: the same, the first evaluation after the purchases changed untold (nothing kept); reference = the preview without a buyers finder`
		),
		summarize(
			'segment.100k.purchases.five_conditions',
			'ms',
			'lower',
			full,
			FRAME_MS,
			undefined,
			`${label}: compile + evaluate kind, city, tags, updated within 730 days AND bought a vegetarian product in the last 90 days (looked up by id); matched ${matched.toLocaleString('en-US')}, same as the reference evaluator`
		),
		summarize(
			'segment.100k.purchases.one_edit',
			'ms',
			'lower',
			oneEdit,
			2,
			undefined,
			`${label}: a saved segment's members after one edit (a city changed, every other edit also a new purchase): the changed id re-tested (SegmentMembership), checked equal to a full evaluation after all edits`
		),
		summarize(
			'segment.100k.typing.narrowed',
			'ms',
			'lower',
			narrowTyping,
			FRAME_MS,
			plainTyping,
			`live count while typing "Name contains" beside kind and city, per keystroke of ${TYPED.map((w) => `"${w}"`).join(', ')}: the first letter a full pass, each next one re-testing only the last matches (NarrowingEvaluator); reference = a full pass per keystroke`
		),
		summarize(
			'segment.100k.typing.taken_back',
			'ms',
			'lower',
			backTyping,
			FRAME_MS,
			plainTyping,
			`the same words then taken back letter by letter (Backspace): each shorter text was typed a moment before, so its answer is kept (NarrowingEvaluator keeps the last 8); reference = a full pass per keystroke`
		)
	];
}
