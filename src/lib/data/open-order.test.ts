import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { version } from '$app/environment';
import { organization, person, type AnyRecordType } from '$lib/domain/record-types';
import { localDb } from './local-db';
import { openFromDevice } from './persistence';
import { RowCache } from './row-cache';

const load = RowCache.prototype.load;
const row = (id: string, name: string) => ({ id, name, search: name.toLowerCase() });

/** Rows of `type` cached for workspace `ws`, as the app writes them. */
async function cache(ws: string, type: string, rows: ReturnType<typeof row>[]) {
	await new RowCache(localDb(), `${ws}:${type}`, version).save({ rows, docSnapshots: {} });
}

/** Opens `ws` on a page at `pathname`; what was shown from the caches, in order. */
async function openAt(ws: string, pathname: string) {
	vi.stubGlobal('location', { pathname });
	// No frames in Node: a paint is the next task.
	vi.stubGlobal('requestAnimationFrame', (cb: () => void) => setTimeout(cb, 0));
	const loads: string[] = [];
	const shown: { type: string; loadedBefore: string[] }[] = [];
	vi.spyOn(RowCache.prototype, 'load').mockImplementation(function (
		this: RowCache<{ id: string }>
	) {
		loads.push((this as unknown as { key: string }).key.split(':')[1]);
		return load.call(this);
	});
	const device = openFromDevice(ws, 'me');
	for (const type of [person, organization] as AnyRecordType[]) {
		const live = device.workspace.live(type);
		const show = live.showCached.bind(live);
		live.showCached = (rows) => {
			shown.push({ type: type.name, loadedBefore: [...loads] });
			show(rows);
		};
	}
	await device.loaded;
	await device.close();
	return shown;
}

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('opening from the row cache', () => {
	it("shows the page's own type before the other types' caches are read", async () => {
		await cache('w1', 'person', [row('p1', 'Ada')]);
		await cache('w1', 'organization', [row('o1', 'Acme')]);
		const shown = await openAt('w1', '/organizations');
		expect(shown.map((s) => s.type)).toEqual(['organization', 'person']);
		// The people's cache was not even read when the organizations showed.
		expect(shown[0].loadedBefore).toEqual(['organization']);
		expect(shown[1].loadedBefore).toContain('person');
	});

	it('shows the people first on the start page and on a page of no record type', async () => {
		await cache('w2', 'person', [row('p1', 'Ada')]);
		await cache('w2', 'organization', [row('o1', 'Acme')]);
		for (const path of ['/', '/settings']) {
			const shown = await openAt('w2', path);
			expect(shown.map((s) => s.type)).toEqual(['person', 'organization']);
			expect(shown[0].loadedBefore).toEqual(['person']);
		}
	});
});
