/**
 * What a warm open of the people list must download, parse and run before it paints the cached
 * first page is what the root layout and the list's page import statically (issue #11's
 * 300 ms budget). Phone formatting (libphonenumber-js, ~100 kB), date-fns' formatting and the
 * dashboards' period arithmetic load later, with the pages and dialogs that use them: this walks
 * the static imports from those entry points and fails, naming the path, when one of them is
 * reached again. Dynamic import() and type-only imports load nothing up front and are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const ENTRIES = [
	'src/routes/+layout.svelte',
	'src/routes/+layout.ts',
	'src/routes/people/+page.svelte'
];
/** `import … from '…'`, `import '…'`, `export … from '…'`; not `import type`, not `import(…)`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveSpec(from: string, spec: string): string {
	let base: string;
	if (spec.startsWith('$lib/')) base = resolve(root, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return `package:${spec}`;
	for (const file of [base, `${base}.ts`, `${base}/index.ts`]) {
		if (existsSync(file) && /\.(ts|svelte|js)$/.test(file)) return file;
	}
	return `unresolved:${spec}`;
}

/** Every module reached, with the module that first imported it. */
function reached(): Map<string, string | null> {
	const from = new Map<string, string | null>();
	const queue = ENTRIES.map((e) => resolve(root, e));
	for (const e of queue) from.set(e, null);
	while (queue.length) {
		const file = queue.shift()!;
		if (!file.startsWith('/')) continue;
		for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
			if (spec.endsWith('.css')) continue; // styles: not modules that run
			const target = resolveSpec(file, spec);
			if (from.has(target)) continue;
			from.set(target, file);
			queue.push(target);
		}
	}
	return from;
}

function chain(from: Map<string, string | null>, target: string): string {
	const path: string[] = [];
	for (let at: string | null | undefined = target; at; at = from.get(at)) {
		path.unshift(at.startsWith('/') ? relative(root, at) : at);
	}
	return path.join(' → ');
}

describe("the people list's first page", () => {
	const graph = reached();

	it('walks the real graph (the list and the session are reached)', () => {
		expect(graph.has(resolve(root, 'src/routes/people/PeopleList.svelte'))).toBe(true);
		expect(graph.has(resolve(root, 'src/lib/session/session.svelte.ts'))).toBe(true);
		expect([...graph.keys()].filter((k) => k.startsWith('unresolved:'))).toEqual([]);
	});

	it('does not statically import phone formatting, date formatting or period arithmetic', () => {
		const heavy = [...graph.keys()].filter(
			(k) =>
				/^package:(libphonenumber-js|date-fns)(\/|$)/.test(k) ||
				k === resolve(root, 'src/lib/domain/phone.ts') ||
				k === resolve(root, 'src/lib/domain/zoned-time.ts') ||
				k === resolve(root, 'src/lib/domain/reports/period.ts')
		);
		expect(heavy.map((k) => chain(graph, k))).toEqual([]);
	});
});
