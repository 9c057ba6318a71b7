import { describe, expect, it } from 'vitest';
import { untilLoaded } from './until-loaded';

describe('untilLoaded', () => {
	it('answers at once for a loaded workspace, when it loads, or false at the limit', async () => {
		expect(await untilLoaded({ loaded: true }, 0)).toBe(true);
		const later = { loaded: false };
		setTimeout(() => (later.loaded = true), 120);
		expect(await untilLoaded(later, 5_000)).toBe(true);
		const t = Date.now();
		expect(await untilLoaded({ loaded: false }, 200)).toBe(false);
		expect(Date.now() - t).toBeGreaterThanOrEqual(200);
		expect(Date.now() - t).toBeLessThan(2_000);
	});
});
