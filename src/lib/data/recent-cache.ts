/**
 * Keeps the most recently used values, up to a bound: for derived values that are cheap to make
 * once but must not be held for every one of 100k records (that would double the heap).
 */
export class RecentCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly capacity: number) {}

	get(key: K): V | undefined {
		const value = this.entries.get(key);
		if (value === undefined) return undefined;
		// Map keeps insertion order: move a hit to the young end.
		this.entries.delete(key);
		this.entries.set(key, value);
		return value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value as K;
			this.entries.delete(oldest);
		}
	}

	get size(): number {
		return this.entries.size;
	}
}
