/**
 * The layers hold by rule (eslint.layers.js, run by `npm run check`): these tests prove the
 * rule refuses what it must and lets through what pages need, and check what the rule cannot
 * see — dynamic import() from pages, and import cycles in data/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';
import typescript from 'typescript';
import { describe, expect, it } from 'vitest';
import { layers, uiForbidden } from '../../eslint.layers.js';

const root = resolve(import.meta.dirname, '../..');

const eslint = new ESLint({
	cwd: root,
	overrideConfigFile: true,
	overrideConfig: [
		{ files: ['**/*.ts'], languageOptions: { parser: ts.parser } },
		...svelte.configs.base,
		{ files: ['**/*.svelte'], languageOptions: { parserOptions: { parser: ts.parser } } },
		...layers
	]
});

/** The import sources the layer rule refuses in `code`, as if it were the file at `path`. */
async function refused(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: join(root, path) });
	const fatal = result.messages.filter((m) => m.fatal);
	if (fatal.length) throw new Error(fatal.map((m) => m.message).join('\n'));
	return result.messages
		.filter((m) => m.ruleId === 'no-restricted-imports')
		.map((m) => /'([^']+)'/.exec(m.message)![1]);
}

describe('the layer rule', () => {
	it('refuses Yjs, Dexie, sync, workers and data internals in ui/ — type-only too', async () => {
		const code = [
			`import * as Y from 'yjs';`,
			`import type { Doc } from 'yjs';`,
			`import { Awareness } from 'y-protocols/awareness';`,
			`import { IndexeddbPersistence } from 'y-indexeddb';`,
			`import * as map from 'lib0/map';`,
			`import Dexie from 'dexie';`,
			`import { listInvites } from '$lib/sync/relay-api';`,
			`import type { WorkspaceRole } from '$lib/sync/protocol';`,
			`import { createAnalyser } from '$lib/workers/import-analyser';`,
			`import { runImport } from '$lib/data/import-run';`,
			`import type { ImportPlan } from '$lib/data/import-plan';`,
			`import { openFromDevice } from '../../data/persistence';`,
			`import { Workspace } from '$lib/data/workspace.svelte';`,
			`export { exportBackup } from '$lib/data/backup-export';`
		].join('\n');
		expect(await refused('src/lib/ui/fake/violating.ts', code)).toEqual([
			'yjs',
			'yjs',
			'y-protocols/awareness',
			'y-indexeddb',
			'lib0/map',
			'dexie',
			'$lib/sync/relay-api',
			'$lib/sync/protocol',
			'$lib/workers/import-analyser',
			'$lib/data/import-run',
			'$lib/data/import-plan',
			'../../data/persistence',
			'$lib/data/workspace.svelte',
			'$lib/data/backup-export'
		]);
	});

	it('lets pages use the public face of data/ and session/', async () => {
		const code = [
			`import type { Workspace } from '$lib/data/workspace.svelte';`,
			`import { type Workspace as W } from '$lib/data/workspace.svelte';`,
			`import type { PersonRow } from '$lib/data/types';`,
			`import { session } from '$lib/session/session.svelte';`,
			`import { personName } from '$lib/domain/records';`,
			`import { toasts } from '$lib/ui/shell/toasts.svelte';`,
			`import { resolve } from '$app/paths';`,
			`import { VList } from 'virtua/svelte';`
		].join('\n');
		expect(await refused('src/lib/ui/fake/fine.ts', code)).toEqual([]);
	});

	it('holds in Svelte components and in routes', async () => {
		const component = `<script lang="ts">\n\timport * as Y from 'yjs';\n\timport { parseInviteLink } from '$lib/sync/relay-api';\n\timport type { Workspace } from '$lib/data/workspace.svelte';\n</script>\n`;
		expect(await refused('src/lib/ui/fake/Fake.svelte', component)).toEqual([
			'yjs',
			'$lib/sync/relay-api'
		]);
		expect(await refused('src/routes/fake/+page.svelte', component)).toEqual([
			'yjs',
			'$lib/sync/relay-api'
		]);
		const route = `import { exportPeopleCsv } from '../../lib/data/export-people';\nimport Dexie from 'dexie';`;
		expect(await refused('src/routes/fake/helper.ts', route)).toEqual([
			'../../lib/data/export-people',
			'dexie'
		]);
	});

	it('keeps domain/ pure', async () => {
		const top = [
			`import { fold } from './search';`,
			`import Papa from 'papaparse';`,
			`import ICAL from 'ical.js';`,
			`import { readField } from '../data/layout';`,
			`import type { Workspace } from '$lib/data/workspace.svelte';`,
			`import * as Y from 'yjs';`,
			`import { readFileSync } from 'node:fs';`,
			`import { describe } from 'vitest';`,
			`import { SvelteMap } from 'svelte/reactivity';`
		].join('\n');
		expect(await refused('src/lib/domain/fake.ts', top)).toEqual([
			'../data/layout',
			'$lib/data/workspace.svelte',
			'yjs',
			'node:fs',
			'vitest',
			'svelte/reactivity'
		]);
		// Tests and fixtures may use the test tools and node:, still nothing outside domain/.
		expect(await refused('src/lib/domain/fake.test.ts', top)).toEqual([
			'../data/layout',
			'$lib/data/workspace.svelte',
			'yjs',
			'svelte/reactivity'
		]);
		const nested = [
			`import { fold } from '../search';`,
			`import { csv } from '../import/csv';`,
			`import { x } from '../../sync/protocol';`,
			`import { y } from '../../../routes/people/x';`
		].join('\n');
		expect(await refused('src/lib/domain/segments/fake.ts', nested)).toEqual([
			'../../sync/protocol',
			'../../../routes/people/x'
		]);
		expect(await refused('src/lib/domain/import/fixtures/fake.ts', nested)).toEqual([
			'../../../routes/people/x'
		]);
	});
});

/** Every module a source file names: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const sources = file.endsWith('.svelte')
		? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
		: [text];
	return sources.flatMap((s) =>
		typescript.preProcessFile(s, true, true).importedFiles.map((f) => f.fileName)
	);
}

function filesUnder(dir: string): string[] {
	return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && /\.(ts|svelte)$/.test(e.name))
		.map((e) => join(e.parentPath, e.name));
}

/** The file an import names, if it is one of src/ ($lib/… or relative); null otherwise. */
function resolveImport(from: string, spec: string): string | null {
	const base = spec.startsWith('$lib/')
		? join(root, 'src/lib', spec.slice(5))
		: spec.startsWith('.')
			? resolve(dirname(from), spec)
			: null;
	if (!base) return null;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
		try {
			if (readFileSync(candidate)) return candidate;
		} catch {
			// not this one
		}
	}
	return null;
}

/** Who imports whom among `files` (imports of other files are left out). */
function importGraph(files: string[]): Map<string, string[]> {
	const inside = new Set(files);
	return new Map(
		files.map((f) => [
			relative(root, f),
			importsOf(f)
				.map((s) => resolveImport(f, s))
				.filter((t): t is string => t !== null && inside.has(t))
				.map((t) => relative(root, t))
		])
	);
}

/** The import cycles of a graph, each as a path of files back to where it started. */
function cyclesOf(edges: Map<string, string[]>): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (f: string) => {
		state.set(f, 'open');
		stack.push(f);
		for (const t of edges.get(f) ?? []) {
			if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
			else if (!state.has(t)) visit(t);
		}
		stack.pop();
		state.set(f, 'done');
	};
	for (const f of edges.keys()) if (!state.has(f)) visit(f);
	return found;
}

describe('what the rule cannot see', () => {
	it('finds no dynamic import() of a forbidden module in ui/ or routes', () => {
		const forbidden = uiForbidden
			.filter((p) => !p.allowTypeImports)
			.map((p) => new RegExp(p.regex));
		const dynamic = [...filesUnder('src/lib/ui'), ...filesUnder('src/routes')].flatMap((f) =>
			[...readFileSync(f, 'utf8').matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g)]
				.map((m) => m[1])
				.filter((spec) => forbidden.some((r) => r.test(spec)))
				.map((spec) => `${relative(root, f)}: ${spec}`)
		);
		expect(dynamic).toEqual([]);
	});

	it('finds no import cycle in data/ (type-only imports count)', () => {
		const graph = importGraph(filesUnder('src/lib/data'));
		expect(graph.get('src/lib/data/workspace.svelte.ts')).toContain('src/lib/data/layout.ts');
		expect(cyclesOf(graph)).toEqual([]);
	});

	it('finds cycles when there are some (the check itself works)', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c', 'd']],
			['c', ['a']],
			['d', ['d']],
			['e', ['a']]
		]);
		expect(cyclesOf(graph)).toEqual([
			['a', 'b', 'c', 'a'],
			['d', 'd']
		]);
	});
});
