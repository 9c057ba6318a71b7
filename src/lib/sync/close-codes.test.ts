import { describe, expect, it } from 'vitest';
import { CLOSE_MEANINGS, describeClose, retryLaterDelay } from './close-codes';
import { CLOSE } from './wire';

describe('describeClose', () => {
	it('refuses for bad, revoked and unknown links, with a way forward', () => {
		expect(describeClose(4401)).toMatchObject({ action: 'refuse' });
		expect(describeClose(4401).message).toMatch(/new invite link/);
		expect(describeClose(4403)).toEqual({
			action: 'refuse',
			message: 'This invite was revoked. Ask the workspace owner for a new link.'
		});
		expect(describeClose(4404)).toMatchObject({ action: 'refuse' });
		expect(describeClose(4404).message).toMatch(/does not exist/);
	});

	it('stops on malformed and oversized messages, retries later when overloaded', () => {
		expect(describeClose(4400).action).toBe('stop');
		expect(describeClose(4413).action).toBe('stop');
		expect(describeClose(4413).message).toMatch(/too large/);
		expect(describeClose(4429).action).toBe('retry-later');
		expect(describeClose(4430).action).toBe('retry-later');
	});

	it('reconnects after the relay dropped a device that could not keep up (4408)', () => {
		expect(describeClose(4408)).toMatchObject({ action: 'reconnect' });
		expect(describeClose(4408).message).toMatch(/keep up/);
	});

	it('reconnects after a restart or an unknown close', () => {
		expect(describeClose(1001)).toMatchObject({ action: 'reconnect' });
		expect(describeClose(1001).message).toMatch(/restarting/);
		expect(describeClose(1006).action).toBe('reconnect');
		expect(describeClose(4500).action).toBe('reconnect');
	});

	it('tells people their changes are safe whenever syncing pauses', () => {
		for (const code of [4400, 4413, 4429, 4430, 1001, 1006]) {
			expect(describeClose(code).message).toMatch(/kept on this device/);
		}
	});
});

describe('the shared close codes', () => {
	it('gives every code the relay may send a meaning, and no code the relay does not send', () => {
		const codes = Object.values(CLOSE);
		expect(new Set(codes).size).toBe(codes.length);
		for (const [name, code] of Object.entries(CLOSE)) {
			expect(Object.prototype.hasOwnProperty.call(CLOSE_MEANINGS, code), name).toBe(true);
			expect(describeClose(code)).toBe(CLOSE_MEANINGS[code]);
		}
		expect(Object.keys(CLOSE_MEANINGS).map(Number).sort()).toEqual([...codes].sort());
	});

	it('reconnects after an internal error, as after any dropped connection', () => {
		expect(describeClose(CLOSE.internalError)).toEqual(describeClose(1006));
	});
});

describe('retryLaterDelay', () => {
	it('grows with attempts, is capped, and is spread around its base', () => {
		const mid = () => 0.5;
		expect(retryLaterDelay(1, mid)).toBe(5_000);
		expect(retryLaterDelay(2, mid)).toBe(10_000);
		expect(retryLaterDelay(10, mid)).toBe(60_000);
		expect(retryLaterDelay(1, () => 0)).toBe(3_750);
		expect(retryLaterDelay(1, () => 0.999999)).toBeLessThanOrEqual(6_250);
	});
});
