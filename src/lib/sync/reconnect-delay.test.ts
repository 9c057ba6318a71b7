import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect-delay';

describe('reconnectDelay', () => {
	it('comes back quickly after a drop, then backs off to at most 10 s', () => {
		const middle = () => 0.5;
		expect(reconnectDelay(0, middle)).toBe(100);
		expect(reconnectDelay(1, middle)).toBe(200);
		expect(reconnectDelay(5, middle)).toBe(3_200);
		expect(reconnectDelay(40, middle)).toBe(10_000);
	});

	it('spreads devices dropped together over half to one and a half times the delay', () => {
		expect(reconnectDelay(3, () => 0)).toBe(400);
		expect(reconnectDelay(3, () => 0.999999)).toBe(1_200);
		const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(3)));
		expect(delays.size).toBeGreaterThan(10);
	});
});
