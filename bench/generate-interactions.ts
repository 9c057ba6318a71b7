/**
 * The interactions of a generated workspace (generate.ts), written as the app stores them:
 * records in the layout of layout.ts (a Y.Map with '$' = the fields as JSON, 'notes' = a
 * Y.Text) in monthly partitions (`interactions.2026-12`, ids from monthRecordId), a chunk per
 * IMPORT transaction as an import writes them, spread over the INTERACTION_YEARS before `now`.
 * Each links one or two people of one organization and that organization; one person, the busy
 * customer, has exactly `busy` of them, spread evenly over every month.
 *
 * The records linked to end up with what the writing device leaves on them
 * (contact-summary.ts): their newest interaction as the `$contact` value, written at the end as
 * DERIVED transactions. Interactions are drawn in time order, so a month is complete when the
 * next begins: months older than the hot window are then encoded and let go of.
 */
import * as Y from 'yjs';
import { CONTACT_KEY, readRecord, type Layout } from '../src/lib/data/layout';
import { DERIVED, IMPORT } from '../src/lib/data/origins';
import { RecordWriter, type Author } from '../src/lib/data/record-writer';
import { isOldPartition, monthRecordId } from '../src/lib/data/shards';
import type { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import type { Member } from '../src/lib/domain/records';
import {
	emptyInteraction,
	type InteractionFields
} from '../src/lib/domain/record-types/interaction';
import * as B from './fixtures/business';
import type { Random } from './prng';

/** What the generator asks for. */
export interface InteractionPlan {
	count: number;
	/** Interactions of the busy customer, among `count`. */
	busy: number;
	/** The end of the span; the hot window is that of this time. */
	now: number;
	years: number;
	personIds: string[];
	orgOfPerson: (string | null)[];
}

export interface BusyCustomer {
	id: string;
	name: string;
	organizationId: string;
	interactions: number;
	/** Their newest interaction: the top of their timeline. */
	newestInteractionId: string;
	/** How many months hold their interactions (and how many of those are closed). */
	months: number;
	closedMonths: number;
}

export interface WrittenInteractions {
	/** Months older than the hot window: one encoded update each, the document let go of. */
	closedMonths: Map<string, Uint8Array>;
	/** Bytes of the interactions as a JSON export would write them (an array of records). */
	jsonBytes: number;
	busyCustomer: BusyCustomer | null;
}

/** The newest interactions kept per linked record while generating (its value is the last). */
const MAX_CONTACT_ENTRIES = 1;
const CHUNK = 1_000;
const DAY = 86_400_000;
const COLLECTION = 'interactions';
const KINDS: [keyof typeof B.INTERACTION_SUBJECTS, number][] = [
	['email', 5],
	['call', 3],
	['meeting', 2]
];

/** A linked record's entries: the newest last (interactions are drawn in time order). */
interface Target {
	entries: [id: string, at: number, nextStep: string][];
	months: Set<string>;
}

export function writeInteractions(
	docs: WorkspaceDocs,
	layout: Layout,
	rng: Random,
	members: readonly Member[],
	/** The writer's author, set per record (generate.ts's clock reads it). */
	author: { memberId: string; at: number },
	clock: Author,
	plan: InteractionPlan
): WrittenInteractions {
	const closedMonths = new Map<string, Uint8Array>();
	if (plan.count === 0) return { closedMonths, jsonBytes: 2, busyCustomer: null };
	if (!Number.isInteger(plan.busy) || plan.busy < 0 || plan.busy > plan.count)
		throw new Error(`the busy customer's interactions must be 0 … ${plan.count}, got ${plan.busy}`);

	const peopleOf = new Map<string, number[]>();
	plan.orgOfPerson.forEach((org, p) => {
		if (!org) return;
		let list = peopleOf.get(org);
		if (!list) peopleOf.set(org, (list = []));
		list.push(p);
	});
	const withOrg = [...peopleOf.values()].flat().sort((a, b) => a - b);
	if (withOrg.length < 2) throw new Error('interactions need two people with an organization');
	// The busy customer: the first person whose organization has colleagues too.
	const busyIndex =
		withOrg.find((p) => peopleOf.get(plan.orgOfPerson[p]!)!.length > 1) ?? withOrg[0];
	const others = withOrg.filter((p) => p !== busyIndex);
	const step = plan.busy > 0 ? Math.floor(plan.count / plan.busy) : 0;

	const writer = new RecordWriter<InteractionFields>(
		layout.collections.interactions,
		clock,
		emptyInteraction
	);
	const targets = new Map<string, Target>();
	const from = plan.now - plan.years * 365 * DAY;
	const span = plan.now - from;
	let month = '';
	let chunk: (() => void)[] = [];
	let jsonBytes = 2; // '[' and ']'
	const flush = () => {
		if (chunk.length === 0) return;
		const writes = chunk;
		chunk = [];
		docs.transact([`${COLLECTION}.${month}`], () => writes.forEach((w) => w()), IMPORT);
	};
	const finishMonth = () => {
		flush();
		const name = `${COLLECTION}.${month}`;
		if (!isOldPartition(name, plan.now)) return;
		closedMonths.set(name, Y.encodeStateAsUpdate(docs.get(name)!));
		docs.closeIfUnused(name);
	};

	for (let i = 0; i < plan.count; i++) {
		// Strictly increasing: the i-th of `count` even slots, somewhere inside it.
		const at = from + Math.floor(((i + rng.next()) / plan.count) * span);
		const busy = step > 0 && i % step === step - 1 && i < step * plan.busy;
		const p = busy ? busyIndex : rng.pick(others);
		const organizationId = plan.orgOfPerson[p]!;
		const personIds = [plan.personIds[p]];
		const colleagues = peopleOf.get(organizationId)!;
		if (colleagues.length > 1 && rng.chance(0.3)) {
			const q = rng.pick(colleagues);
			if (q !== p && q !== busyIndex) personIds.push(plan.personIds[q]);
		}
		const fields = interactionFields(rng, members, personIds, organizationId, at);
		const notes = rng.chance(0.15) ? rng.some(B.NOTE_SENTENCES, 1, 2).join(' ') : '';
		const id = monthRecordId(at, rng.uuid());
		const by = {
			memberId: fields.memberIds![0],
			at: Math.min(plan.now, at + rng.int(0, 30) * 60_000) // logged a little after
		};
		const m = id.slice(0, id.indexOf('~'));
		if (m !== month) {
			if (month) finishMonth();
			month = m;
		}
		chunk.push(() => {
			Object.assign(author, by);
			writer.insert(id, { ...fields, notes });
		});
		const record = {
			id,
			...emptyInteraction(),
			...fields,
			createdAt: by.at,
			createdBy: by.memberId
		};
		jsonBytes += Buffer.byteLength(JSON.stringify({ ...record, notes })) + (i > 0 ? 1 : 0);
		for (const target of [...personIds, organizationId]) {
			let t = targets.get(target);
			if (!t) targets.set(target, (t = { entries: [], months: new Set() }));
			t.entries.push([id, at, fields.nextStep ?? '']);
			if (t.entries.length > MAX_CONTACT_ENTRIES) t.entries.shift();
			t.months.add(`${COLLECTION}.${m}`);
		}
		if (chunk.length >= CHUNK) flush();
	}
	finishMonth();
	writeContactEntries(layout, targets);

	const busyId = plan.personIds[busyIndex];
	const busyTarget = targets.get(busyId);
	let busyCustomer: BusyCustomer | null = null;
	if (plan.busy > 0 && busyTarget) {
		const fields = readRecord(layout.people.get(busyId)!);
		busyCustomer = {
			id: busyId,
			name: `${String(fields.firstName)} ${String(fields.lastName)}`,
			organizationId: plan.orgOfPerson[busyIndex]!,
			interactions: plan.busy,
			newestInteractionId: busyTarget.entries.at(-1)![0],
			months: busyTarget.months.size,
			closedMonths: [...busyTarget.months].filter((name) => closedMonths.has(name)).length
		};
	}
	return { closedMonths, jsonBytes, busyCustomer };
}

/** The entries on the people and organizations linked to: one DERIVED transaction per shard. */
function writeContactEntries(layout: Layout, targets: Map<string, Target>): void {
	for (const collection of [layout.people, layout.organizations]) {
		const ids = [...targets.keys()].filter((id) => collection.has(id));
		collection.transact(
			ids,
			(id) => {
				const record = collection.map(id)!;
				// The newest interaction with the record, as contact-summary.ts keeps it.
				const [interactionId, at, nextStep] = targets.get(id)!.entries.at(-1)!;
				record.set(CONTACT_KEY, [interactionId, at, nextStep]);
			},
			DERIVED
		);
	}
}

function interactionFields(
	rng: Random,
	members: readonly Member[],
	personIds: string[],
	organizationId: string,
	at: number
): Partial<InteractionFields> {
	const kind = rng.weighted(KINDS);
	return {
		kind,
		direction: rng.chance(0.65) ? 'out' : 'in',
		occurredAt: at,
		timeZone: rng.pick(B.TIME_ZONES),
		durationMinutes:
			kind === 'email' ? null : kind === 'call' ? rng.int(2, 45) : rng.pick([30, 45, 60, 90]),
		subject: rng.pick(B.INTERACTION_SUBJECTS[kind]),
		outcome: rng.pick(B.OUTCOMES),
		nextStep: rng.chance(0.3) ? rng.pick(B.NEXT_STEPS) : '',
		personIds,
		organizationId,
		memberIds: [rng.pick(members).id]
	};
}
