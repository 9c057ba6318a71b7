// Rate and connection limits. Token buckets refill continuously; time comes from the caller so
// tests need no fake clock.

export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly perSecond: number,
		private readonly capacity: number,
		now = performance.now()
	) {
		this.tokens = capacity;
		this.last = now;
	}

	/** Takes `cost` tokens if available; false means the caller is over its rate. */
	take(cost = 1, now = performance.now()): boolean {
		this.tokens = Math.min(
			this.capacity,
			this.tokens + ((now - this.last) / 1000) * this.perSecond
		);
		this.last = now;
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}

	/** Full again: nothing has been spent since it would have refilled. */
	isFull(now = performance.now()): boolean {
		return this.tokens + ((now - this.last) / 1000) * this.perSecond >= this.capacity;
	}
}

/** One bucket per key (a client IP), forgotten once full again so the map cannot grow forever. */
export class KeyedRateLimiter {
	private readonly buckets = new Map<string, TokenBucket>();

	constructor(
		private readonly perSecond: number,
		private readonly capacity: number
	) {}

	take(key: string, now = performance.now()): boolean {
		if (this.buckets.size > 10_000) {
			for (const [k, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(k);
		}
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = new TokenBucket(this.perSecond, this.capacity, now);
			this.buckets.set(key, bucket);
		}
		return bucket.take(1, now);
	}
}

/** Counts open connections per key against a ceiling. */
export class ConnectionCounter {
	private readonly counts = new Map<string, number>();

	constructor(private readonly max: number) {}

	tryAcquire(key: string): boolean {
		const n = this.counts.get(key) ?? 0;
		if (n >= this.max) return false;
		this.counts.set(key, n + 1);
		return true;
	}

	release(key: string): void {
		const n = (this.counts.get(key) ?? 0) - 1;
		if (n <= 0) this.counts.delete(key);
		else this.counts.set(key, n);
	}
}
