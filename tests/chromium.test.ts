import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH_OPTIONS, PLAYWRIGHT_DISABLED_FEATURES } from './chromium';

/** The feature names of playwright-core's `disabledFeatures = [ … ]`, as installed. */
function playwrightDisabledFeatures(): string[] {
	const require = createRequire(import.meta.url);
	const root = dirname(require.resolve('playwright-core/package.json'));
	const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
	const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(bundle);
	if (!list)
		throw new Error(
			'playwright-core no longer declares disabledFeatures: read tests/chromium.ts again'
		);
	return [...list[1].matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map((m) => m[1]);
}

describe('Chromium launch options', () => {
	it('repeat every feature Playwright disables (Chromium keeps only the last --disable-features)', () => {
		const theirs = playwrightDisabledFeatures();
		expect(theirs.length).toBeGreaterThan(5);
		expect(theirs.filter((name) => !PLAYWRIGHT_DISABLED_FEATURES.includes(name))).toEqual([]);
	});

	it('pass one --disable-features, the omnibox popup in it', () => {
		const switches = CHROMIUM_LAUNCH_OPTIONS.args.filter((a) =>
			a.startsWith('--disable-features=')
		);
		expect(switches).toHaveLength(1);
		expect(switches[0].split('=')[1].split(',')).toEqual(
			expect.arrayContaining(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PaintHolding'])
		);
	});
});
