import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
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

export default defineConfig({
	plugins: [browserBuffer(), sveltekit()],
	// Module workers (both are started with type 'module'): the e-mail reader loads the .msg
	// reader on demand, which an IIFE worker bundle cannot split off.
	worker: { format: 'es', plugins: () => [browserBuffer()] },
	server: { port: 5173 },
	test: {
		include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
