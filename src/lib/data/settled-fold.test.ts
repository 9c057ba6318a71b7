import { describe, expect, it } from 'vitest';
import { decodeFold, encodeFold, foldSaw, type Fold } from './settled-fold';

const fold = (v: number[], items: [string, number, number][]): Fold => ({
	v,
	items: new Map(items.map(([key, client, clock]) => [key, { client, clock }]))
});

describe('a settled record’s fold', () => {
	it('writes a completion’s keys, at consecutive clocks, as one run', () => {
		const done = fold(
			[2531939841, 9, 3001234567, 6],
			[
				['status', 3001234567, 1],
				['completedAt', 3001234567, 2],
				['completedBy', 3001234567, 3],
				['title', 2531939841, 7]
			]
		);
		const text = encodeFold(done);
		expect(text).toBe(
			'{"v":[2531939841,9,3001234567,6],"f":[[0,7,"title"],[1,1,"status","completedAt","completedBy"]]}'
		);
		expect(decodeFold(text)).toEqual(done);
	});

	it('names a key’s client it has no state of, as having seen none of its items', () => {
		const text = encodeFold(fold([5, 3], [['title', 8, 4]]));
		const back = decodeFold(text)!;
		expect(back.items.get('title')).toEqual({ client: 8, clock: 4 });
		expect(foldSaw(back, { client: 8, clock: 0 })).toBe(false);
	});

	it('tells what it saw: a client’s items below its state', () => {
		const f = fold([5, 3, 9, 10], []);
		expect(foldSaw(f, { client: 5, clock: 2 })).toBe(true);
		expect(foldSaw(f, { client: 5, clock: 3 })).toBe(false);
		expect(foldSaw(f, { client: 9, clock: 9 })).toBe(true);
		expect(foldSaw(f, { client: 7, clock: 0 })).toBe(false);
	});

	it('reads nothing from what a buggy peer wrote', () => {
		for (const bad of [
			42,
			'not json',
			'{"v":[1],"f":[]}',
			'{"v":[1,2],"f":[[3,0,"title"]]}',
			'{"v":[1,-2],"f":[]}',
			'{"v":[1,2],"f":[[0,0,5]]}',
			'{"v":[1,2],"f":{"title":[1,0]}}',
			'null'
		])
			expect(decodeFold(bad), String(bad)).toBeNull();
	});
});
