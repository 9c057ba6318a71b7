import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin, ResolvedConfig, Rollup } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Outlook .msg reading (msgreader) loads safer-buffer, which needs Node's `buffer` module: in
 * the browser it gets the small class of buffer-shim.ts (why that suffices: see the file).
 * Client builds only; the server side and the tests keep Node's own module.
 */
function browserBuffer(): Plugin {
	const shim = fileURLToPath(new URL('./src/lib/domain/email/buffer-shim.ts', import.meta.url));
	return {
		name: 'browser-buffer',
		enforce: 'pre',
		resolveId(id, _importer, options) {
			return (id === 'buffer' || id === 'buffer/') && !options?.ssr ? shim : null;
		}
	};
}

interface ManifestChunk {
	file: string;
	imports?: string[];
	css?: string[];
}

/**
 * The built page (build/index.html, the fallback every route is served) lists for preloading
 * only the root layout's modules: a route's own modules (the people list's ~120 kB, 27 files)
 * were requested only once the framework had started and asked for them, and arrived while the
 * main thread was busy (a warm open's trace: requested at 0.65 s, in at 1.14 s under load).
 * This adds a small script that preloads, from the start, the modules and styles of the route
 * being opened: one list of files per route, from SvelteKit's route table and Vite's manifest.
 */
function routePreload(): Plugin {
	let config: ResolvedConfig;
	return {
		name: 'route-preload',
		configResolved(resolved) {
			config = resolved;
		},
		// After SvelteKit's adapter wrote build/ (its closeBundle of the server build).
		closeBundle: {
			sequential: true,
			order: 'post',
			handler() {
				if (!config.build.ssr) return;
				const root = config.root;
				const html = `${root}/build/index.html`;
				const app = `${root}/.svelte-kit/generated/client-optimized/app.js`;
				const manifestFile = `${root}/.svelte-kit/output/client/.vite/manifest.json`;
				if (![html, app, manifestFile].every((f) => existsSync(f))) return;
				const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<
					string,
					ManifestChunk
				>;
				const page = readFileSync(html, 'utf8');
				const routes: [string, string[]][] = [];
				for (const [, id, node] of readFileSync(app, 'utf8').matchAll(/"(\/[^"]*)": \[-?(\d+)/g)) {
					const entry = `.svelte-kit/generated/client-optimized/nodes/${node}.js`;
					if (!manifest[entry]) continue;
					const files = new Set<string>();
					const add = (key: string) => {
						const chunk = manifest[key];
						if (!chunk || files.has(chunk.file)) return;
						files.add(chunk.file);
						for (const css of chunk.css ?? []) files.add(css);
						for (const dep of chunk.imports ?? []) add(dep);
					};
					add(entry);
					// What the page already preloads (the root's) is left out.
					const own = [...files].filter((f) => !page.includes(`/${f}"`)).map((f) => `/${f}`);
					routes.push([routePattern(id), own]);
				}
				const script = `<script>(function(){var r=${JSON.stringify(routes)},p=location.pathname;for(var i=0;i<r.length;i++)if(new RegExp(r[i][0]).test(p)){r[i][1].forEach(function(f){var l=document.createElement('link');if(/[.]css$/.test(f))l.rel='stylesheet';else l.rel='modulepreload';l.href=f;document.head.appendChild(l)});break}})()</script>`;
				writeFileSync(
					html,
					page.replace(/(\s*<link href="[^"]*" rel="modulepreload">)/, `\n\t\t${script}$1`)
				);
			}
		}
	};
}

/** A record page's component: a +page in a folder named by a parameter, as /people/[id]. */
const RECORD_PAGE = /[\\/]src[\\/]routes[\\/].*\[[^\\/]+\][\\/]\+page\.svelte$/;

type RenderedChunks = Record<string, Rollup.RenderedChunk>;

/**
 * Marks the chunks only record pages load (a person's, a deal's, …) with V8's explicit compile
 * hint (`//# allFunctionsCalledOnLoad`, Chromium 136+; other browsers ignore a comment). The
 * app preloads a record page's code at idle (page-code.ts), but V8 compiled its functions
 * lazily, on the first click on a record: a tab's first record page took ~100 ms longer than
 * the next, about half of it compiling. With the hint Chromium compiles them as the module
 * streams in, off the main thread (~10 ms of compiling left in that click, traced). The chunks
 * the shell and the lists load are left alone: hinting every chunk made a warm open ~20 ms
 * slower.
 */
function recordPageCompileHints(): Plugin {
	let hinted: { of: RenderedChunks; files: Set<string> } | null = null;
	return {
		name: 'record-page-compile-hints',
		apply: 'build',
		// After the minifier's renderChunk (it drops comments), before the chunks' hashes are taken.
		renderChunk: {
			order: 'post',
			handler(code, chunk, _options, { chunks }) {
				if (this.environment?.config.consumer !== 'client') return null;
				if (hinted?.of !== chunks) {
					// A route's node module (SvelteKit's nodes/N.js) imports its +page component.
					const isRecordPage = (entry: { facadeModuleId: string | null }) =>
						!!entry.facadeModuleId &&
						!!this.getModuleInfo(entry.facadeModuleId)?.importedIds.some((id) =>
							RECORD_PAGE.test(id)
						);
					const entries = Object.values(chunks).filter((c) => c.isEntry);
					const atStart = importClosure(
						chunks,
						entries.filter((e) => !isRecordPage(e))
					);
					const files = importClosure(chunks, entries.filter(isRecordPage));
					for (const file of atStart) files.delete(file);
					hinted = { of: chunks, files };
				}
				if (!hinted.files.has(chunk.fileName)) return null;
				// No source maps are built; one would be a line off below this.
				return { code: `//# allFunctionsCalledOnLoad\n${code}`, map: null };
			}
		}
	};
}

/** The files of `roots` and every chunk they import, directly or not. */
function importClosure(chunks: RenderedChunks, roots: { fileName: string }[]): Set<string> {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file) || !chunks[file]) return;
		seen.add(file);
		for (const dep of chunks[file].imports) visit(dep);
	};
	for (const root of roots) visit(root.fileName);
	return seen;
}

/** A route id (/people/[id], /deleted/[type=recordType]) as a pattern of the paths it serves. */
function routePattern(id: string): string {
	const parts = id
		.split('/')
		.filter(Boolean)
		.map((p) => (p.startsWith('[') ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
	return `^/${parts.join('/')}/?$`;
}

export default defineConfig({
	plugins: [browserBuffer(), sveltekit(), routePreload(), recordPageCompileHints()],
	// Module workers (both are started with type 'module'): the e-mail reader loads the .msg
	// reader on demand, which an IIFE worker bundle cannot split off.
	worker: { format: 'es', plugins: () => [browserBuffer()] },
	server: { port: 5173 },
	// Chunks under 20 kB are merged into the chunks that import them: an open of /people asked
	// for 53 modules, now 24 (route 24 → 11, preloaded with the page 29 → 13), and its code starts
	// 20–30 ms sooner; fewer dependencies also shorten Vite's preload helper, which looks each
	// one up among the page's links (bench/RESULTS.md, eighteenth session).
	build: { rollupOptions: { output: { experimentalMinChunkSize: 20_000 } } },
	test: {
		include: [
			'src/**/*.test.ts',
			'server/**/*.test.ts',
			'bench/**/*.test.ts',
			'tests/**/*.test.ts'
		],
		environment: 'node',
		setupFiles: ['tests/temp-dirs-setup.ts'],
		// Two files at once at least: Vitest's default (one fewer than the cores) ran one at a
		// time on a 2-core machine, and most files wait on relays, servers and timers rather
		// than compute: the unit run took 7.0 min so, 4.2 with two, 4.0 with three.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
