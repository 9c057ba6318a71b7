import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toasts } from './toasts.svelte';

describe('Toasts', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('shows a toast and removes it after its timeout', () => {
		const t = new Toasts();
		t.show('Saved', { timeoutMs: 1000 });
		expect(t.items.map((x) => x.message)).toEqual(['Saved']);
		vi.advanceTimersByTime(999);
		expect(t.items).toHaveLength(1);
		vi.advanceTimersByTime(1);
		expect(t.items).toHaveLength(0);
	});

	it('keeps a toast with timeout 0 until dismissed', () => {
		const t = new Toasts();
		const id = t.show('Sticky', { timeoutMs: 0 });
		vi.advanceTimersByTime(60_000);
		expect(t.items).toHaveLength(1);
		t.dismiss(id);
		expect(t.items).toHaveLength(0);
	});

	it('runs the action once and removes the toast', () => {
		const t = new Toasts();
		const run = vi.fn();
		const id = t.show('Person deleted', { action: { label: 'Undo', run } });
		t.act(id);
		t.act(id);
		expect(run).toHaveBeenCalledTimes(1);
		expect(t.items).toHaveLength(0);
	});

	it('gives toasts with an action more time than plain ones', () => {
		const t = new Toasts();
		t.show('plain');
		t.show('undoable', { action: { label: 'Undo', run: () => {} } });
		vi.advanceTimersByTime(5_000);
		expect(t.items.map((x) => x.message)).toEqual(['undoable']);
	});

	it('drops the oldest toasts beyond four', () => {
		const t = new Toasts();
		for (let i = 1; i <= 6; i++) t.show(`m${i}`, { kind: i === 6 ? 'error' : 'info' });
		expect(t.items.map((x) => x.message)).toEqual(['m3', 'm4', 'm5', 'm6']);
		expect(t.items[3].kind).toBe('error');
	});
});
