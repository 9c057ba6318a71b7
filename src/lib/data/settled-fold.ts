/**
 * What a settled record was folded from (settled-records.ts), as its snapshot holds it under
 * `$settled`. A settled record keeps it for as long as it lives, so it is written small: a done
 * task's five keys, made in one transaction at consecutive clocks, are one run —
 *   {"v":[2531939841,9,3001234567,6],"f":[[1,4,"status","completedAt","completedBy","updatedAt","updatedBy"]]}
 * `v`: client, state, … (the settler's state of each client of the old map); `f`: runs of
 * [index of the client in v, clock of the first key, keys at consecutive clocks…].
 */

export interface Fold {
	/** client, state, client, state, … */
	v: number[];
	/** Each folded key's item. */
	items: Map<string, { client: number; clock: number }>;
}

/** The fold as written: JSON-ready, small. */
export interface WrittenFold {
	v: number[];
	f: (string | number)[][];
}

export function encodeFold(fold: Fold): string {
	return JSON.stringify(writtenFold(fold));
}

export function writtenFold(fold: Fold): WrittenFold {
	const clients = new Map<number, number>();
	for (let i = 0; i < fold.v.length; i += 2) clients.set(fold.v[i], i / 2);
	const sorted = [...fold.items].sort(
		([ka, a], [kb, b]) => a.client - b.client || a.clock - b.clock || (ka < kb ? -1 : 1)
	);
	const runs: (string | number)[][] = [];
	let run: (string | number)[] | null = null;
	let next = { client: -1, clock: -1 };
	for (const [key, at] of sorted) {
		if (!run || at.client !== next.client || at.clock !== next.clock) {
			let index = clients.get(at.client);
			if (index === undefined) {
				// A key's item by a client the fold has no state of: named with state 0 (saw none
				// of its items, the safe side), so the run can refer to it.
				index = fold.v.length / 2;
				fold.v.push(at.client, 0);
				clients.set(at.client, index);
			}
			run = [index, at.clock];
			runs.push(run);
		}
		run.push(key);
		next = { client: at.client, clock: at.clock + 1 };
	}
	return { v: fold.v, f: runs };
}

/**
 * The fold in `written` (its JSON text, or the value parsed), or null when it is not one (a
 * buggy peer's): such a map replays nothing.
 */
export function decodeFold(written: unknown): Fold | null {
	let value: unknown = written;
	if (typeof written === 'string')
		try {
			value = JSON.parse(written);
		} catch {
			return null;
		}
	if (typeof value !== 'object' || value === null) return null;
	const { v, f } = value as { v?: unknown; f?: unknown };
	if (!Array.isArray(v) || v.length % 2 !== 0 || !v.every(isCount)) return null;
	if (!Array.isArray(f)) return null;
	const items: Fold['items'] = new Map();
	for (const run of f) {
		if (!Array.isArray(run) || !isCount(run[0]) || !isCount(run[1]) || run[0] * 2 >= v.length)
			return null;
		const client = v[run[0] * 2] as number;
		for (let k = 2; k < run.length; k++) {
			if (typeof run[k] !== 'string') return null;
			items.set(run[k], { client, clock: run[1] + k - 2 });
		}
	}
	return { v: v as number[], items };
}

function isCount(n: unknown): n is number {
	return Number.isSafeInteger(n) && (n as number) >= 0;
}

/** Whether the fold saw the item `id` (its client's state past it). */
export function foldSaw(fold: Fold, id: { client: number; clock: number }): boolean {
	for (let i = 0; i < fold.v.length; i += 2)
		if (fold.v[i] === id.client) return id.clock < fold.v[i + 1];
	return false;
}
