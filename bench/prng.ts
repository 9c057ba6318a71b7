/** A small seeded random source (mulberry32): the same seed always gives the same workspace. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) | 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks by weight: `[[value, weight], ...]`. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of items) total += w;
		let r = this.next() * total;
		for (const [value, w] of items) {
			r -= w;
			if (r < 0) return value;
		}
		return items[items.length - 1][0];
	}

	/** Up to `max` distinct items (at least `min`). */
	some<T>(items: readonly T[], min: number, max: number): T[] {
		const n = Math.min(items.length, this.int(min, max));
		const out: T[] = [];
		while (out.length < n) {
			const item = this.pick(items);
			if (!out.includes(item)) out.push(item);
		}
		return out;
	}

	digits(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += String(this.int(0, 9));
		return s;
	}

	/** A version-4-shaped UUID drawn from this source (crypto.randomUUID would not repeat). */
	uuid(): string {
		let hex = '';
		for (let i = 0; i < 4; i++) {
			hex += Math.floor(this.next() * 0x100000000)
				.toString(16)
				.padStart(8, '0');
		}
		const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	}
}
