import { describe, expect, it } from 'vitest';
import { ConnectionCounter, KeyedRateLimiter, TokenBucket } from './limits.ts';

describe('TokenBucket', () => {
	it('allows a burst, refuses beyond it, and refills at its rate', () => {
		const bucket = new TokenBucket(10, 5, 0);
		for (let i = 0; i < 5; i++) expect(bucket.take(1, 0)).toBe(true);
		expect(bucket.take(1, 0)).toBe(false);
		expect(bucket.take(1, 100)).toBe(true); // 100 ms at 10/s = one token
		expect(bucket.take(1, 100)).toBe(false);
		expect(bucket.isFull(10_000)).toBe(true);
	});

	it('charges by cost, for byte budgets', () => {
		const bucket = new TokenBucket(1000, 1000, 0);
		expect(bucket.take(800, 0)).toBe(true);
		expect(bucket.take(300, 0)).toBe(false);
		expect(bucket.take(300, 100)).toBe(true);
	});
});

describe('KeyedRateLimiter', () => {
	it('limits each key on its own', () => {
		const limiter = new KeyedRateLimiter(1 / 3600, 2);
		expect(limiter.take('a', 0)).toBe(true);
		expect(limiter.take('a', 0)).toBe(true);
		expect(limiter.take('a', 0)).toBe(false);
		expect(limiter.take('b', 0)).toBe(true);
	});
});

describe('ConnectionCounter', () => {
	it('caps concurrent holders per key and frees slots on release', () => {
		const counter = new ConnectionCounter(2);
		expect(counter.tryAcquire('ip')).toBe(true);
		expect(counter.tryAcquire('ip')).toBe(true);
		expect(counter.tryAcquire('ip')).toBe(false);
		counter.release('ip');
		expect(counter.tryAcquire('ip')).toBe(true);
	});
});
