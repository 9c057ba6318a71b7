/**
 * The list's search per keystroke over 100k real person rows (issue #18: notes, phone numbers,
 * kind and one-letter typos are searched). The workspace comes from bench/generate.ts
 * (SIZES['100k'] without interactions, seed 42; 20 % of people have notes) and its rows from
 * the app's own row builder, as in segment.bench.ts. Each keystroke normalises the query and
 * tests every row, as filterRows does; "exact" runs the same queries with typo matching off
 * (the search before issue #18). Also: the haystacks' total size with and without the notes.
 */
import { generateWorkspace, SIZES } from './generate';
import { layoutOf, readField } from '../src/lib/data/layout';
import { recordTextValue } from '../src/lib/data/record-texts';
import { rowBuilder } from '../src/lib/data/rows';
import { intern, internAll } from '../src/lib/data/intern';
import { person } from '../src/lib/domain/record-types';
import type { PersonRow } from '../src/lib/data/types';
import type { CustomFieldDef } from '../src/lib/domain/records';
import { matchesQuery, normalizeQuery, TEXT_SEARCH_CAP } from '../src/lib/domain/search';
import { summarize, type BenchOptions, type BenchResult } from './result';

const FRAME_MS = 16;

/** Typed a keystroke at a time: a name with a typo, a note's word, a phone, a name and kind. */
const TYPED = ['kowalsky', 'vegetarian', '+48225550101', 'maria lead'];

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const { rows, notesChars } = personRows();
	const searchChars = rows.reduce((n, r) => n + r.search.length, 0);
	const exact = (q: string) => [...normalizeQuery(q)]; // the same words, no `near`
	const typed = (prepare: (q: string) => readonly string[]) => {
		const times: number[] = [];
		for (let round = 0; round < (quick ? 2 : 6); round++) {
			for (const word of TYPED) {
				for (let i = 1; i <= word.length; i++) {
					const t = performance.now();
					const q = prepare(word.slice(0, i));
					let n = 0;
					for (let r = 0; r < rows.length; r++) if (matchesQuery(rows[r].search, q)) n++;
					if (n < 0) throw new Error('unreachable');
					if (round > 0) times.push(performance.now() - t); // round 0 warms up
				}
			}
		}
		return times;
	};
	const plain = typed(exact);
	const withTypos = typed(normalizeQuery);
	const count = (q: string) => rows.filter((r) => matchesQuery(r.search, normalizeQuery(q))).length;
	const label = `${rows.length.toLocaleString('en-US')} person rows; each keystroke of ${TYPED.map((w) => `"${w}"`).join(', ')}`;
	return [
		summarize(
			'search.100k.keystroke',
			'ms',
			'lower',
			withTypos,
			FRAME_MS,
			plain,
			`${label} normalised and tested on every row, one-letter typos on; reference = the same with exact words only; "kowalsky" finds ${count('kowalsky')}, "vegetarian" ${count('vegetarian')}`
		),
		summarize(
			'search.100k.haystack_chars',
			'M chars',
			'lower',
			[searchChars / 1e6],
			null,
			(searchChars - notesChars) / 1e6,
			`the haystacks' total length with the first ${TEXT_SEARCH_CAP} characters of the notes; reference = without them (one byte a char: folded Latin text)`
		)
	];
}

/** The generated people as the list sees them, built by the app's own row builder. */
function personRows(): { rows: PersonRow[]; notesChars: number } {
	const { docs, json } = generateWorkspace({ ...SIZES['100k'], interactions: 0, seed: 42 });
	const layout = layoutOf(docs);
	const defs = json.customFields.filter((d) => d.entity === 'person') as CustomFieldDef[];
	const orgNames = new Map<string, string>();
	layout.organizations.forEach((map, id) => {
		const name = readField(map, 'name');
		orgNames.set(id, typeof name === 'string' ? name : '');
	});
	const build = rowBuilder<PersonRow>(person, () => defs, {
		related: (_field, id) => (id ? (orgNames.get(id) ?? '') : ''),
		count: () => 0,
		intern,
		internAll,
		lastContact: () => null
	});
	const rows: PersonRow[] = [];
	let notesChars = 0;
	layout.people.forEach((map, id, doc) => {
		const row = build(id, map, doc);
		if (row) rows.push(row);
		const notes = recordTextValue(map, 'notes');
		if (notes) notesChars += Math.min(notes.length, TEXT_SEARCH_CAP) + 1;
	});
	docs.destroy();
	return { rows, notesChars };
}
