/**
 * The app draws text in the sizes of one type scale (app.css's `--text-*`): each size and weight
 * a page draws is a font the renderer asks the system for the first time (on Linux a synchronous
 * call to the browser process), and the person page's twelve sizes of its own cost its first
 * layout ~18 ms of those calls. A size written any other way fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPE_SCALE_STEPS } from './shell/type-scale-warmup';

const src = resolve(import.meta.dirname, '../..');

function styledFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return styledFiles(path);
		return /\.(svelte|css)$/.test(entry.name) ? [path] : [];
	});
}

const appCss = readFileSync(join(src, 'app.css'), 'utf8');
const steps = new Set([...appCss.matchAll(/--(text-[a-z0-9]+):/g)].map((m) => m[1]));

describe('the type scale', () => {
	it('is declared in app.css, a few steps, each warmed at idle', () => {
		expect([...steps]).toEqual(TYPE_SCALE_STEPS.map((step) => `text-${step}`));
		expect(TYPE_SCALE_STEPS).toEqual(['xs', 'sm', 'md', 'lg', 'xl', '2xl']);
	});

	it('is the only way a size is written', () => {
		const offenders: string[] = [];
		for (const file of styledFiles(src))
			for (const [declaration, value] of readFileSync(file, 'utf8').matchAll(
				/font-size:\s*([^;}"]+)/g
			)) {
				const step = /^var\(--(text-[a-z0-9]+)\)$/.exec(value.trim())?.[1];
				if (value.trim() !== 'inherit' && !(step && steps.has(step)))
					offenders.push(`${relative(src, file)}: ${declaration}`);
			}
		expect(offenders).toEqual([]);
	});
});
