/**
 * The reports worker's requests carry the won deals only when the worker does not hold them:
 * copying 6,270 won deals into each request took 10–16 ms of the page's first render of a
 * dashboard. A new worker (after a crash) and a changed list get them again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { deal } from '$lib/domain/record-types';
import { emptyDeal } from '$lib/domain/record-types/deal';
import { notYet } from '$lib/domain/reports/customer-input';
import { packDrills } from '$lib/domain/reports/drill-pack';
import type { ReportFilters, ReportInput } from '$lib/domain/reports/report';
import type { FromReportsWorker, ToReportsWorker } from '$lib/workers/reports-protocol';
import { withCustomerInput } from './customer-reports';

const NOW = Date.UTC(2026, 11, 1, 10);

/** A worker as the page sees one: what it was sent, and a way to answer or crash. */
class FakeWorker {
	static made: FakeWorker[] = [];
	sent: ToReportsWorker[] = [];
	onmessage: ((e: MessageEvent<FromReportsWorker>) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	constructor() {
		FakeWorker.made.push(this);
	}
	postMessage(msg: ToReportsWorker): void {
		this.sent.push(msg);
	}
	terminate(): void {}
	done(): void {
		const { id } = this.sent.at(-1)!;
		const packed = packDrills(notYet('bar', 'computed'));
		this.onmessage?.({
			data: { type: 'done', id, packed, ms: 1 }
		} as MessageEvent<FromReportsWorker>);
	}
	crash(): void {
		this.onerror?.({ message: 'out of memory' } as ErrorEvent);
	}
}

function workspace() {
	const ws = new Workspace('ws', 'me', new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

const filters = (from: number): ReportFilters => ({
	period: { from, to: NOW },
	previous: null,
	ownerId: null,
	pipelineId: null,
	segmentPeople: null
});

/** Asks for the new customers of a period, as a card reads them, and lets the request go out. */
function ask(ws: Workspace, from: number): void {
	const input = withCustomerInput(ws, { timeZone: 'UTC' } as ReportInput);
	input.workerResult!('new-customers', filters(from));
	vi.advanceTimersByTime(0);
}

const wonSent = () =>
	FakeWorker.made.flatMap((w) => w.sent.map((m) => m.wonDeals?.map((d) => d.id) ?? null));

describe('the reports worker is sent the won deals', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.stubGlobal('Worker', FakeWorker);
		FakeWorker.made = [];
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('once per worker and list: again after they change, and to a new worker', () => {
		const ws = workspace();
		const won = ws
			.repo(deal)
			.create({ ...emptyDeal(), name: 'Won', stage: 'won', expectedCloseAt: NOW - 5 });
		ask(ws, 0);
		FakeWorker.made[0].done();
		ask(ws, 1); // another period: a request of its own, the same won deals
		FakeWorker.made[0].done();
		expect(wonSent()).toEqual([[won], null]);

		const second = ws
			.repo(deal)
			.create({ ...emptyDeal(), name: 'Also won', stage: 'won', expectedCloseAt: NOW - 9 });
		ask(ws, 2);
		FakeWorker.made[0].done();
		expect(wonSent()[2]).toEqual(expect.arrayContaining([won, second]));

		ask(ws, 3);
		FakeWorker.made[0].crash(); // the next request goes to a new worker, which holds nothing
		ask(ws, 4);
		expect(FakeWorker.made).toHaveLength(2);
		expect(wonSent()[3]).toBeNull();
		expect(wonSent()[4]).toEqual(expect.arrayContaining([won, second]));
	});
});
