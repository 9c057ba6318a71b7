/**
 * What the customer reports read besides live rows (domain/reports/customer-input.ts), for the
 * dashboards' report input: the buying patterns, which customers are organizations, the saved
 * segments with their size log — each read only when a report asks (getters) — and, for the
 * reports over every month's orders, the reports worker's results (workers/reports.worker.ts).
 *
 * The worker reads the device's copy, so a result is asked for again shortly after orders,
 * people, organizations, deals, rates or value tiers change (a burst of edits is one request);
 * until it answers, the last result stays shown. Each request is bounded: a worker that does not
 * answer in time is stopped, and the report says so.
 */
import { savedSegmentsOf } from '$lib/data/saved-segments';
import { segmentSizeLogOf } from '$lib/data/segment-size-log';
import { pipelinesOf } from '$lib/data/pipelines';
import { valueTiersOf } from '$lib/data/value-tiers';
import type { Workspace } from '$lib/data/workspace.svelte';
import { ChangeSignal } from '$lib/data/change-signal';
import { currencyOf } from '$lib/data/currency';
import { deal, order, organization, person } from '$lib/domain/record-types';
import { notYet, readingOrders, type CustomerInput } from '$lib/domain/reports/customer-input';
import {
	byOwner,
	customerOwners,
	ownedCustomers,
	type CustomerOwners
} from '$lib/domain/reports/customer-scope';
import { unpackDrills } from '$lib/domain/reports/drill-pack';
import type { ReportFilters, ReportInput, ReportResult } from '$lib/domain/reports/report';
import { wonDealsOf } from '$lib/domain/reports/won-deals';
import type { WonDeal } from '$lib/domain/reports/customer-events';
import type { FromReportsWorker, ToReportsWorker } from '$lib/workers/reports-protocol';
import type { CampaignInput } from '$lib/domain/reports/campaign-reports';
import { campaignInputGetters } from './campaign-report-input';
import { purchaseProfiles } from './purchases';
import { segmentMembers } from './segments';
import { WorkerRequests } from './worker-requests';

/** Quiet time after a change before asking again (the device's copy is written per tick). */
const DEBOUNCE_MS = 400;
/** A cold read of a million order lines takes seconds on a slow device. */
const ANSWER_LIMIT_MS = 120_000;
/** A result nobody read for this long is dropped rather than kept up to date. */
const UNREAD_MS = 10 * 60_000;
const FAMILIES = new Set<string>([order.collection, person.collection, organization.collection]);

interface Entry {
	reportId: string;
	filters: ReportFilters;
	zone: string;
	result: ReportResult | null;
	error: string | null;
	/** The data version the result is of (-1: none yet). */
	data: number;
	/** While its first result is computed: how many documents the worker has read, of how many. */
	progress: { done: number; total: number } | null;
	lastRead: number;
}

const segmentKeys = new WeakMap<ReadonlySet<string>, { size: number; key: string }>();

/** A short key for a segment's members, hashed again only when the set is new or resized (a
 * set of 100k ids is not hashed per read; a member swapped for another in place is missed
 * until the next change of the data asks again). */
function segmentKey(ids: ReadonlySet<string> | null): string {
	if (!ids) return '-';
	let known = segmentKeys.get(ids);
	if (!known || known.size !== ids.size) {
		let h = 0;
		for (const id of [...ids].sort())
			for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0;
		segmentKeys.set(ids, (known = { size: ids.size, key: `${ids.size}:${h}` }));
	}
	return known.key;
}

class WorkerReports {
	/** Readers run again when a result lands (made by its first reader: see ChangeSignal). */
	readonly #changes = new ChangeSignal();
	private readonly entries = new Map<string, Entry>();
	private readonly queue: string[] = [];
	private data = 0;
	private readonly requests = new WorkerRequests<ToReportsWorker, FromReportsWorker>({
		start: () =>
			typeof Worker === 'undefined'
				? null
				: new Worker(new URL('../workers/reports.worker.ts', import.meta.url), { type: 'module' }),
		isLast: (msg) => msg.type !== 'progress',
		limitMs: ANSWER_LIMIT_MS
	});
	/** The entry the running request is for. */
	private runningKey: string | null = null;
	private debounce: ReturnType<typeof setTimeout> | null = null;
	private readonly stops: (() => void)[] = [];

	constructor(private readonly ws: Workspace) {
		const onUpdate = () => this.changed();
		// The worker reads the device's copy: months fetched onto it count too.
		this.stops.push(ws.docs.onFamilyUpdates(FAMILIES, onUpdate));
		this.stops.push(ws.live(deal).onChange(onUpdate));
		const onMeta = (e: { keysChanged: Set<string> }) => {
			for (const key of e.keysChanged)
				if (key === 'currency' || key.startsWith('rate:') || key.startsWith('valueTier:'))
					return this.changed();
		};
		ws.layout.meta.observe(onMeta);
		this.stops.push(() => ws.layout.meta.unobserve(onMeta));
	}

	/** The latest result for the report and filters, asking for one if it is missing or old. */
	result(reportId: string, asked: ReportFilters, zone: string): ReportResult | null {
		this.#changes.track();
		// The worker reads no owners: it gets the customers the owner and team filters keep.
		const filters = { ...asked, ownedCustomers: ownedCustomersOf(this.ws, asked) };
		const { period, previous, ownerId, pipelineId, segmentPeople, ownedCustomers } = filters;
		const key = JSON.stringify([reportId, period, previous, ownerId, pipelineId, zone]);
		const fullKey = `${key}|${segmentKey(segmentPeople)}|${segmentKey(ownedCustomers)}`;
		let e = this.entries.get(fullKey);
		if (!e)
			this.entries.set(
				fullKey,
				(e = {
					reportId,
					filters,
					zone,
					result: null,
					error: null,
					data: -1,
					progress: null,
					lastRead: 0
				})
			);
		e.lastRead = Date.now();
		e.filters = filters;
		if (e.data !== this.data && !this.queue.includes(fullKey) && this.runningKey !== fullKey) {
			this.queue.push(fullKey);
			// Not from inside a reader's $derived, nor in its task: the request (the won deals cut
			// at the zone's midnights, the message copied) goes out in a task of its own.
			setTimeout(() => this.next(), 0);
		}
		if (e.result) return e.result;
		return e.error ? notYet('bar', e.error) : readingOrders(e.progress);
	}

	stop(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.requests.reset();
		this.runningKey = null;
		for (const stop of this.stops.splice(0)) stop();
	}

	private changed(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = setTimeout(() => {
			this.debounce = null;
			this.data++;
			const now = Date.now();
			for (const [key, e] of this.entries)
				if (now - e.lastRead > UNREAD_MS) this.entries.delete(key);
			// Readers run again, find their result old and ask.
			this.#changes.changed();
		}, DEBOUNCE_MS);
	}

	private next(): void {
		if (this.requests.busy) return;
		const key = this.queue.shift();
		if (key === undefined) return;
		const e = this.entries.get(key);
		if (!e || e.data === this.data) return this.next();
		const data = this.data;
		const currency = currencyOf(this.ws);
		const request = (id: number): ToReportsWorker => ({
			type: 'compute',
			id,
			ws: this.ws.id,
			reportId: e.reportId,
			filters: {
				...e.filters,
				segmentPeople: e.filters.segmentPeople ? [...e.filters.segmentPeople] : null
			},
			currency: currency.currency,
			rates: currency.rates.map((r) => ({ ...r })),
			timeZone: e.zone,
			now: Date.now(),
			wonDeals: this.wonDealsToSend(e.zone),
			tierFloors: { ...valueTiersOf(this.ws).floors }
		});
		this.runningKey = key;
		const sent = this.requests.send(request, {
			answer: (msg) => this.receive(key, data, msg),
			fail: (why) => this.ended(key, `The reports worker ${why}; this report is not up to date.`)
		});
		if (!sent)
			this.ended(key, 'This browser cannot run the reports worker: this report is not shown.');
	}

	/** The won deals sent with a request, made again only when the deals, pipelines or zone
	 * change (cutting 7,000 close dates at the zone's midnights took ~100 ms per request). */
	private won: { rows: unknown; pipelines: unknown; zone: string; list: WonDeal[] } | null = null;

	/** The list the worker holds (the list, and the worker's generation it was sent to). */
	private wonHeld: { list: WonDeal[]; generation: number } | null = null;

	/** The won deals for a request, or null where the receiving worker holds this very list.
	 * Called as the request is made, once its worker is started. */
	private wonDealsToSend(zone: string): WonDeal[] | null {
		const list = this.wonDeals(zone);
		const generation = this.requests.generation;
		const held = this.wonHeld;
		if (held && held.list === list && held.generation === generation) return null;
		this.wonHeld = { list, generation };
		return list;
	}

	private wonDeals(zone: string): WonDeal[] {
		const rows = this.ws.live(deal).rows;
		const pipelines = pipelinesOf(this.ws).list;
		const w = this.won;
		if (w && w.rows === rows && w.pipelines === pipelines && w.zone === zone) return w.list;
		return (this.won = { rows, pipelines, zone, list: wonDealsOf(rows, pipelines, zone) }).list;
	}

	private receive(key: string, data: number, msg: FromReportsWorker): void {
		const e = this.entries.get(key);
		if (msg.type === 'progress') {
			if (e && !e.result) {
				e.progress = { done: msg.done, total: msg.total };
				this.#changes.changed();
			}
			return;
		}
		if (msg.type === 'failed') {
			this.wonHeld = null; // sent again: what the worker holds is not known
			return this.ended(key, `This report could not be computed: ${msg.message}`, data);
		}
		this.runningKey = null;
		if (e) {
			e.result = unpackDrills(msg.packed);
			e.error = null;
			e.data = data;
			this.#changes.changed();
		}
		this.next();
	}

	/** The request for `key` ended without a result: the report says why until the data moves
	 * past `data` (a worker that failed on the data it read is asked again after a change). */
	private ended(key: string, message: string, data = this.data): void {
		this.runningKey = null;
		const e = this.entries.get(key);
		if (e) {
			e.error = message;
			e.data = data;
		}
		this.#changes.changed();
		this.next();
	}
}

/** Each workspace's customer owners, made again only when an owner (or a person's organization)
 * changed: the same Map keeps the owned sets below, and the worker's cached results, valid. */
const owners = new WeakMap<Workspace, { people: unknown; orgs: unknown; map: CustomerOwners }>();

function customerOwnersOf(ws: Workspace): CustomerOwners {
	const people = ws.live(person).rows;
	const orgs = ws.live(organization).rows;
	const last = owners.get(ws);
	if (last && last.people === people && last.orgs === orgs) return last.map;
	const map = customerOwners(people, orgs);
	const same =
		last !== undefined &&
		last.map.size === map.size &&
		[...map].every(([id, owner]) => last.map.get(id) === owner);
	const kept = same ? last.map : map;
	owners.set(ws, { people, orgs, map: kept });
	return kept;
}

const owned = new WeakMap<
	CustomerOwners,
	{ ownerId: string | null; team: unknown; ids: ReadonlySet<string> | null }
>();

/** The customers the owner and team filters keep (null: neither set), the same Set while the
 * owners and the filters are the same. */
function ownedCustomersOf(ws: Workspace, f: ReportFilters): ReadonlySet<string> | null {
	if (!byOwner(f)) return null;
	const map = customerOwnersOf(ws);
	const team = f.teamMembers ?? null;
	const last = owned.get(map);
	if (last && last.ownerId === f.ownerId && last.team === team) return last.ids;
	const ids = ownedCustomers(map, f);
	owned.set(map, { ownerId: f.ownerId, team, ids });
	return ids;
}

const live = new WeakMap<Workspace, WorkerReports>();

function workerReports(ws: Workspace): WorkerReports {
	let w = live.get(ws);
	if (!w) {
		const reports = (w = new WorkerReports(ws));
		live.set(ws, reports);
		ws.docs.core.once('destroy', () => reports.stop());
	}
	return w;
}

/**
 * The input with what the customer reports read besides, each part read only when a report
 * asks for it (reactive through what it reads).
 */
export function withCustomerInput<T extends ReportInput>(
	ws: Workspace,
	input: T
): T & CustomerInput & CampaignInput {
	type Extra = CustomerInput & CampaignInput;
	const props: { [K in keyof Extra]?: () => Extra[K] } = {
		...campaignInputGetters(ws),
		purchases: () => {
			const p = purchaseProfiles(ws);
			void p.version;
			return p.ready ? p.all() : undefined;
		},
		organizationIds: () => new Set(ws.live(organization).rows.map((r) => r.id)),
		customerOwners: () => customerOwnersOf(ws),
		segments: () =>
			savedSegmentsOf(ws).list.map((s) => ({
				id: s.id,
				name: s.name,
				members: segmentMembers(ws, s.id).ids
			})),
		segmentSizes: () => segmentSizeLogOf(ws).all,
		workerResult: () => (reportId: string, filters: ReportFilters) =>
			workerReports(ws).result(reportId, filters, input.timeZone)
	};
	for (const [name, get] of Object.entries(props))
		Object.defineProperty(input, name, { get, enumerable: false, configurable: true });
	return input as T & CustomerInput & CampaignInput;
}
