/**
 * What a segment of people looks up by a person's id rather than reading from the row
 * (domain/segments/derived.ts): purchases and interactions from the purchases engine, open
 * tasks, open deals' stages and won amounts. Kept per workspace from change events, and
 * `onChange` names the people whose facts or rows changed, so a saved segment's members are
 * tested again for those people only.
 */
import { pipelinesOf } from '$lib/data/pipelines';
import type { Workspace } from '$lib/data/workspace.svelte';
import { pipelineOf, stageOf } from '$lib/domain/pipelines/pipeline';
import { deal, person, task, type DealRow, type TaskRow } from '$lib/domain/record-types';
import { buyersFinder } from '$lib/domain/segments/buyers';
import type { SegmentContext } from '$lib/domain/segments/context';
import type { PersonDerivedField } from '$lib/domain/segments/derived';
import { purchaseProfiles, type PurchaseProfiles } from './purchases';

/** The changed people's ids; an empty set means "maybe everyone" (test them all again). */
export type FactsListener = (changed: ReadonlySet<string>) => void;

const EVERYONE: ReadonlySet<string> = new Set();

class PersonFacts {
	readonly purchases: PurchaseProfiles;
	/** Per task: the person it is an open task of. */
	readonly #taskPerson = new Map<string, string>();
	readonly #openTasks = new Map<string, number>();
	/** Per deal: the people it links to, and per person the open stages and the won total. */
	readonly #dealPeople = new Map<string, string[]>();
	#openStages = new Map<string, string[]>();
	#won = new Map<string, number>();
	readonly #listeners = new Set<FactsListener>();
	readonly lookups: Readonly<Record<PersonDerivedField, (id: string) => unknown>>;
	/** Who bought what when, found once per question and purchases version (buyers.ts). */
	readonly buyers: NonNullable<SegmentContext['buyers']>;

	constructor(private readonly ws: Workspace) {
		this.purchases = purchaseProfiles(ws);
		const p = this.purchases;
		this.lookups = {
			'purchases.lines': (id) => p.get(id)?.purchases,
			'purchases.lifetimeValue': (id) => p.get(id)?.lifetimeValue,
			'purchases.orderCount': (id) => p.get(id)?.orderCount,
			'purchases.averageOrderValue': (id) => p.get(id)?.averageOrderValue,
			'purchases.lastOrderAt': (id) => p.get(id)?.lastOrderAt,
			'purchases.rfmCell': (id) => p.get(id)?.rfmCell,
			'purchases.churnRisk': (id) => p.get(id)?.churnRisk,
			'purchases.nextOrderDueAt': (id) => p.get(id)?.nextOrderDueAt,
			'purchases.daysOverdue': (id) => p.get(id)?.daysOverdue,
			'activity.interactions': (id) => p.effort(id)?.interactionTimes,
			'activity.openTasks': (id) => this.#openTasks.get(id) ?? 0,
			'deals.openStages': (id) => this.#openStages.get(id),
			'deals.wonAmount': (id) => this.#won.get(id) ?? 0
		};
		const buyers = buyersFinder(
			function* () {
				for (const [id, profile] of p.all()) yield [id, profile.purchases] as const;
			},
			() => p.version,
			(id) => p.get(id)?.purchases
		);
		this.buyers = buyers;
		p.onChange((ids) => {
			buyers.changed(ids); // first: listeners below may evaluate a segment at once
			this.#tell(ids);
		});
		ws.live(person).onChange((ids) => this.#tell(ids.size ? ids : EVERYONE));
		const tasks = ws.live(task);
		for (const r of tasks.rows) this.#putTask(r.id, r);
		tasks.onChange((ids) => {
			const changed = new Set<string>();
			const all = ids.size === 0 ? tasks.rows.map((r) => r.id) : ids;
			for (const id of all) this.#putTask(id, tasks.row(id), changed);
			if (changed.size) this.#tell(changed);
		});
		this.#rebuildDeals();
		ws.live(deal).onChange((ids) => this.#tell(this.#rebuildDeals(ids)));
	}

	onChange(listener: FactsListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Counts the changes told (not reactive): a cached evaluation older than it is stale. */
	changes = 0;

	#tell(ids: ReadonlySet<string>): void {
		this.changes++;
		for (const l of this.#listeners) l(ids);
	}

	#putTask(id: string, r: TaskRow | undefined, changed?: Set<string>): void {
		const before = this.#taskPerson.get(id);
		const after = r && r.status === 'open' && r.personId ? r.personId : undefined;
		if (before === after) return;
		if (before !== undefined) {
			this.#openTasks.set(before, (this.#openTasks.get(before) ?? 1) - 1);
			changed?.add(before);
		}
		if (after !== undefined) {
			this.#openTasks.set(after, (this.#openTasks.get(after) ?? 0) + 1);
			this.#taskPerson.set(id, after);
			changed?.add(after);
		} else this.#taskPerson.delete(id);
	}

	/**
	 * The open stages and won totals from every deal (20k deals: a few ms); returns the people
	 * whose deals changed (`ids`: the deals changed; none: everyone).
	 */
	#rebuildDeals(ids?: ReadonlySet<string>): ReadonlySet<string> {
		const rows = this.ws.live(deal).rows;
		const pipelines = pipelinesOf(this.ws).list;
		const open = new Map<string, string[]>();
		const won = new Map<string, number>();
		const changed = new Set<string>();
		if (ids) for (const id of ids) for (const p of this.#dealPeople.get(id) ?? []) changed.add(p);
		this.#dealPeople.clear();
		for (const d of rows) {
			const people = peopleOf(d);
			this.#dealPeople.set(d.id, people);
			if (ids?.has(d.id)) for (const p of people) changed.add(p);
			const kind = stageOf(pipelineOf(pipelines, d.pipelineId), d.stage)?.kind ?? 'open';
			for (const p of people) {
				if (kind === 'open') {
					const list = open.get(p);
					if (!list) open.set(p, [d.stage]);
					else if (!list.includes(d.stage)) list.push(d.stage);
				} else if (kind === 'won' && typeof d.amount === 'number')
					won.set(p, (won.get(p) ?? 0) + d.amount);
			}
		}
		this.#openStages = open;
		this.#won = won;
		return ids && ids.size ? changed : EVERYONE;
	}
}

function peopleOf(d: DealRow): string[] {
	const out = d.personId ? [d.personId] : [];
	for (const p of d.peopleIds) if (!out.includes(p)) out.push(p);
	return out;
}

const byWorkspace = new WeakMap<Workspace, PersonFacts>();

export function personFacts(ws: Workspace): PersonFacts {
	let f = byWorkspace.get(ws);
	if (!f) byWorkspace.set(ws, (f = new PersonFacts(ws)));
	return f;
}

/**
 * The context a segment of people is evaluated in, at `now`. `wholePasses`: it only ever
 * evaluates every row afresh (the builder's preview), so a purchase condition may find its
 * buyers once per pass; a saved segment's members re-test single people after a change, which
 * a set of buyers found earlier would answer from before it.
 */
export function personSegmentContext(
	ws: Workspace,
	fields: SegmentContext['fields'],
	now = Date.now(),
	wholePasses = false
): SegmentContext {
	const facts = personFacts(ws);
	return {
		fields,
		customFields: ws.customFields.forEntity('person'),
		now,
		lookups: facts.lookups,
		...(wholePasses ? { buyers: facts.buyers } : {})
	};
}
