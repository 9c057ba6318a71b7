/**
 * The layers of src/ (README, "Architecture"), held by lint rather than by convention.
 *
 * - ui/ and routes/ (and route matchers in params/) reach documents, storage and the relay only
 *   through $lib/session. They import no 'yjs', 'y-*', 'lib0' or 'dexie', nothing of
 *   $lib/sync or $lib/workers, and of $lib/data only its public face: the plain types of
 *   $lib/data/types and the Workspace *type* (how a page reaches the repositories of the
 *   workspace the session opened). Not even type-only imports of the rest: a type names a
 *   module's layout too, and data/ and sync/ must stay free to reorganise behind session/.
 *   A value import of Workspace is refused because a page must never construct a workspace
 *   (its storage and sync would be missing).
 * - domain/ is pure: it imports only domain/ and the pure parsers it is built on (papaparse,
 *   ical.js, postal-mime, @kenjiuno/msgreader, date-fns, date-fns-tz, rrule, libphonenumber-js, liquidjs); its tests and fixtures also vitest, fast-check and node:.
 *
 * Imports through $lib/ and relative paths are both checked. Dynamic import() is not seen by
 * no-restricted-imports: src/lib/layers.test.ts checks that none reaches a forbidden module.
 */

/** "$lib/x" or a relative path that climbs out to "x" (from ui/, routes/ or params/). */
const LIB = String.raw`^(?:\$lib/|(?:\.\./)+(?:lib/)?)`;

/** @type {{ regex: string; message: string; allowTypeImports?: boolean }[]} */
export const uiForbidden = [
	{
		regex: String.raw`^(?:yjs|y-[\w-]+|lib0|dexie)(?:/|$)`,
		message:
			'ui/ and routes never touch Yjs or Dexie: read plain values from $lib/data/types, act through $lib/session.'
	},
	{
		regex: `${LIB}sync(?:/|$)`,
		message:
			'The relay connection is the session’s: use $lib/session (session.svelte, invites) instead of $lib/sync.'
	},
	{
		regex: `${LIB}workers(?:/|$)`,
		message: 'The import worker is started by the import flow in $lib/session/import-flow.svelte.'
	},
	{
		regex: `${LIB}data/(?!types$|workspace\\.svelte$)`,
		message:
			'data/ internals are not for pages: use the types of $lib/data/types, the Workspace type, or an operation of $lib/session.'
	},
	{
		regex: `${LIB}data/workspace\\.svelte$`,
		allowTypeImports: true,
		message: 'Only `import type { Workspace }`: a workspace is opened by $lib/session, never here.'
	}
];

const DOMAIN_MESSAGE =
	'domain/ is pure TypeScript: it imports only domain/ (and papaparse, ical.js, postal-mime, @kenjiuno/msgreader, date-fns, date-fns-tz, rrule, libphonenumber-js, liquidjs).';

const DATE_FNS_TZ_MESSAGE =
	"Import date-fns-tz's functions by their own entry points (date-fns-tz/fromZonedTime): its index loads date-fns/format and its locale into every relay process (~0.2 s of each start).";

/** @param {boolean} test @param {number} depth folders below src/lib/domain */
function domainPatterns(test, depth) {
	const allowed = [
		'\\.',
		'\\$lib/domain/',
		'papaparse$',
		'ical\\.js$',
		'postal-mime$',
		'@kenjiuno/msgreader(/|$)',
		'date-fns(-tz)?(/|$)',
		'rrule$',
		'libphonenumber-js(/|$)',
		'liquidjs$'
	];
	if (test) allowed.push('vitest$', 'fast-check$', 'node:');
	const patterns = [
		{ regex: `^(?!${allowed.join('|')})`, message: DOMAIN_MESSAGE },
		{ regex: `^(?:\\./)?(?:\\.\\./){${depth + 1}}`, message: DOMAIN_MESSAGE }
	];
	// The relay loads domain/ (the record types' declarations), tests do not run in it.
	if (!test) patterns.push({ regex: '^date-fns-tz$', message: DATE_FNS_TZ_MESSAGE });
	return patterns;
}

const MAX_DEPTH = 4;

/** @param {unknown[]} patterns @returns {import('eslint').Linter.RulesRecord} */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/**
 * Flat-config blocks: add after the project's own rules.
 * @type {import('eslint').Linter.Config[]}
 */
export const layers = [
	{
		files: [
			'src/lib/ui/**/*.ts',
			'src/lib/ui/**/*.svelte',
			'src/routes/**/*.ts',
			'src/routes/**/*.svelte',
			'src/params/**/*.ts'
		],
		rules: restrict(uiForbidden)
	},
	// Any depth: only domain/ and its pure parsers (climbing out is checked per depth below).
	{ files: ['src/lib/domain/**/*.ts'], rules: restrict(domainPatterns(false, MAX_DEPTH)) },
	// One block per depth below domain/, so that "climbing out" is exact: from
	// domain/import/x.ts, '../records' stays inside and '../../data/x' leaves.
	...Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
		const parent = `src/lib/domain/${'*/'.repeat(Math.max(0, depth - 1))}`;
		const here = `src/lib/domain/${'*/'.repeat(depth)}`;
		const testSupport = [`${here}*.test.ts`, ...(depth > 0 ? [`${parent}fixtures/*.ts`] : [])];
		return [
			{ files: [`${here}*.ts`], rules: restrict(domainPatterns(false, depth)) },
			{ files: testSupport, rules: restrict(domainPatterns(true, depth)) }
		];
	}).flat()
];
