/**
 * The deals of a pipeline at scale (issue #14: "Board and forecast for 2,000 open and 20,000
 * closed deals"), written into a generated workspace (generate.ts, without its own deals) as
 * the app stores them: records of the deal declaration (src/lib/domain/record-types/deal.ts) in
 * their hash shards (`deals.a7`, listed in the core's directory), through the app's
 * RecordWriter, a chunk per IMPORT transaction as an import writes them. Every deal is in the
 * default pipeline (pipelineId null). A closed deal was created at an open stage and moved to
 * won or lost later: the move is an edit key over the snapshot ('stage', 'lostReason',
 * 'updatedAt', 'updatedBy'), as moveDeal leaves it, and the 'created' and stage-change history
 * entries are in the partitions of their months. The workspace currency (EUR) and monthly USD
 * and GBP rates over the span are in the core document's `meta` map, one key per rate
 * (domain/forecast/stored-rates.ts), as Settings → Currency writes them.
 *
 * Drawn from the seeded PRNG only (bench/prng.ts), so the same seed and `now` give the same
 * documents. Shape, by default: 10 owners (the workspace's 6 and 4 more), 2,000 open deals over
 * the four open stages (more early than late), created in the last six months, closing from a
 * month ago (some past their date) to six months ahead; 20,000 closed over the two years before
 * `now` (about a third won), each closing 10–120 days after it was made; amounts in EUR (70 %),
 * USD (20 %) or GBP (10 %), a few unknown; a tenth with their own probability, some with a
 * forecast category; each of an organization and one of its people, a third with more people.
 */
import { encodeDocs } from '../src/lib/data/docs-testing';
import { layoutOf, type Layout, type StoredChange } from '../src/lib/data/layout';
import { IMPORT } from '../src/lib/data/origins';
import { RecordWriter, type Author } from '../src/lib/data/record-writer';
import type { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import { emptyDeal, DEAL_ROLES, type DealFields } from '../src/lib/domain/record-types/deal';
import { CURRENCY_KEY, rateKey } from '../src/lib/domain/forecast/stored-rates';
import * as B from './fixtures/business';
import { generateWorkspace, type GenerateOptions } from './generate';
import { addTaskMembers, EXTRA_MEMBER_NAMES } from './generate-tasks';
import { Random } from './prng';

const DAY = 86_400_000;
const CHUNK = 1_000;

/** The default pipeline's open stages, with how many of the open deals sit at each. */
const OPEN_STAGES: [string, number][] = [
	['lead', 35],
	['qualified', 28],
	['proposal', 22],
	['negotiation', 15]
];
const CURRENCIES: [string, number][] = [
	['EUR', 70],
	['USD', 20],
	['GBP', 10]
];
const LOST_REASONS = ['Price', 'Timing', 'Went with a competitor', 'No budget', 'No decision', ''];
const DEAL_WORDS = [
	'Annual licence',
	'Pilot',
	'Expansion',
	'Renewal',
	'Onboarding package',
	'Support contract',
	'Hardware refresh',
	'Consulting days',
	'Training',
	'Integration project'
];

export interface DealPlan {
	open: number;
	closed: number;
	now: number;
	/** Years of closed deals before `now` (default 2). */
	years?: number;
	/** Share of the closed deals that were won (default 0.35). */
	wonShare?: number;
	memberIds: string[];
	personIds: string[];
	orgOfPerson: (string | null)[];
}

export interface WrittenDeals {
	open: number;
	won: number;
	lost: number;
	/** Open deals per open stage id. */
	perStage: Record<string, number>;
	/** Open deals past their expected close date. */
	pastClose: number;
	currencies: Record<string, number>;
	rates: number;
	shards: number;
}

function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** The workspace currency and a rate per month for USD and GBP, from `from` to `now`. */
export function writeRates(layout: Layout, rng: Random, from: number, now: number): number {
	let written = 0;
	const level: Record<string, number> = { USD: 0.92, GBP: 1.17 };
	layout.core.transact(() => {
		layout.meta.set(CURRENCY_KEY, 'EUR');
		const d = new Date(from);
		let month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
		while (month <= now) {
			for (const code of ['USD', 'GBP']) {
				level[code] *= 1 + (rng.next() - 0.5) * 0.04;
				layout.meta.set(rateKey(rng.uuid().replaceAll('-', '').slice(0, 12)), {
					from: code,
					to: 'EUR',
					rate: Math.round(level[code] * 10_000) / 10_000,
					validFrom: dayOf(month)
				});
				written++;
			}
			const m = new Date(month);
			month = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
		}
	}, IMPORT);
	return written;
}

export function writeDeals(
	docs: WorkspaceDocs,
	layout: Layout,
	rng: Random,
	plan: DealPlan
): WrittenDeals {
	const years = plan.years ?? 2;
	const wonShare = plan.wonShare ?? 0.35;
	const from = plan.now - years * 365 * DAY;
	const owners = plan.memberIds.map(
		(id, i) => [id, [3, 3, 2, 2, 2, 2, 1, 1, 1, 1][i] ?? 1] as const
	);
	const author = { memberId: '', at: 0 };
	const clock: Author = {
		get memberId() {
			return author.memberId;
		},
		now: () => author.at
	};
	const writer = new RecordWriter<DealFields>(layout.collections.deals, clock, emptyDeal);
	const written: WrittenDeals = {
		open: 0,
		won: 0,
		lost: 0,
		perStage: Object.fromEntries(OPEN_STAGES.map(([s]) => [s, 0])),
		pastClose: 0,
		currencies: {},
		rates: 0,
		shards: 0
	};
	const shards = new Set<string>();
	const withPeople = plan.personIds
		.map((id, i) => [id, plan.orgOfPerson[i]] as const)
		.filter(([, org]) => org !== null) as (readonly [string, string])[];
	const peopleOfOrg = new Map<string, string[]>();
	for (const [person, org] of withPeople) {
		const list = peopleOfOrg.get(org);
		if (list) list.push(person);
		else peopleOfOrg.set(org, [person]);
	}

	interface Drawn {
		id: string;
		fields: Partial<DealFields> & { notes?: string };
		createdAt: number;
		createdBy: string;
		/** A later move: to this stage, when, by whom (and why it was lost). */
		moved: { from: string; to: string; at: number; by: string; lostReason?: string } | null;
	}

	const total = plan.open + plan.closed;
	const draw = (i: number): Drawn => {
		// The closed deals first (oldest first), then the open ones.
		const open = i >= plan.closed;
		const ownerId = rng.chance(0.03) ? null : rng.weighted(owners);
		const createdBy = ownerId ?? rng.pick(plan.memberIds);
		const [personId, organizationId] = rng.pick(withPeople);
		const people: DealFields['people'] = [{ personId, role: 'decision maker' }];
		if (rng.chance(0.33)) {
			const colleague = rng.pick(peopleOfOrg.get(organizationId)!);
			if (colleague !== personId)
				people.push({ personId: colleague, role: rng.pick(DEAL_ROLES.slice(1)) });
		}
		const currency = rng.weighted(CURRENCIES);
		written.currencies[currency] = (written.currencies[currency] ?? 0) + 1;
		const amount = rng.chance(0.04) ? null : rng.int(5, 800) * 100;
		let createdAt: number;
		let stage: string;
		let expectedCloseAt: number | null;
		let moved: Drawn['moved'] = null;
		if (open) {
			createdAt = plan.now - rng.int(1, 180) * DAY - rng.int(0, DAY - 1);
			stage = rng.weighted(OPEN_STAGES);
			written.perStage[stage]++;
			written.open++;
			expectedCloseAt = rng.chance(0.05)
				? null
				: Date.parse(dayOf(plan.now + rng.int(-30, 180) * DAY));
			if (expectedCloseAt !== null && expectedCloseAt + DAY <= plan.now) written.pastClose++;
			// Some were moved on from an earlier stage since they were made.
			const at = OPEN_STAGES.findIndex(([s]) => s === stage);
			if (at > 0 && rng.chance(0.5))
				moved = {
					from: OPEN_STAGES[at - 1][0],
					to: stage,
					at: Math.min(plan.now - 60_000, createdAt + rng.int(1, 40) * DAY),
					by: createdBy
				};
		} else {
			createdAt = from + Math.floor(((i + rng.next()) / plan.closed) * years * 365 * DAY * 0.96);
			const closedAt = Math.min(plan.now - 3_600_000, createdAt + rng.int(10, 120) * DAY);
			const won = rng.chance(wonShare);
			if (won) written.won++;
			else written.lost++;
			stage = rng.weighted(OPEN_STAGES);
			expectedCloseAt = Date.parse(dayOf(closedAt));
			moved = {
				from: stage,
				to: won ? 'won' : 'lost',
				at: closedAt,
				by: createdBy,
				...(won ? {} : { lostReason: rng.pick(LOST_REASONS) })
			};
		}
		const fields: Drawn['fields'] = {
			name: `${rng.pick(DEAL_WORDS)} ${rng.int(1, 999)}`,
			stage: moved?.from ?? stage,
			probability: rng.chance(0.1) ? rng.int(1, 19) * 5 : null,
			amount,
			currency,
			expectedCloseAt,
			organizationId,
			personId,
			ownerId,
			people,
			tags: rng.some(B.TAGS, 0, 2),
			source: rng.pick(B.SOURCES),
			forecastCategory: rng.chance(0.15) ? rng.pick(['commit', 'best case', 'omitted']) : null
		};
		if (rng.chance(0.15)) fields.notes = rng.some(B.NOTE_SENTENCES, 1, 2).join(' ');
		return { id: rng.uuid(), fields, createdAt, createdBy, moved };
	};

	for (let start = 0; start < total; start += CHUNK) {
		const chunk: Drawn[] = [];
		for (let i = start; i < Math.min(total, start + CHUNK); i++) chunk.push(draw(i));
		const names = chunk.map((d) => layout.collections.deals.docNameOf(d.id));
		for (const name of names) shards.add(name);
		docs.transact(
			names,
			() => {
				for (const d of chunk) {
					author.memberId = d.createdBy;
					author.at = d.createdAt;
					writer.insert(d.id, d.fields);
					if (!d.moved) continue;
					// Moved later, as moveDeal writes it: edit keys over the snapshot.
					const map = layout.collections.deals.map(d.id)!;
					map.set('stage', d.moved.to);
					if (d.moved.lostReason !== undefined) map.set('lostReason', d.moved.lostReason);
					map.set('updatedAt', d.moved.at);
					map.set('updatedBy', d.moved.by);
				}
			},
			IMPORT
		);
		// The history entries of the creating and the moving device, in their months.
		const byMonth = new Map<string, { at: number; entries: StoredChange[] }>();
		const log = (at: number, entries: StoredChange[]) => {
			const month = new Date(at).toISOString().slice(0, 7);
			let group = byMonth.get(month);
			if (!group) byMonth.set(month, (group = { at, entries: [] }));
			group.entries.push(...entries);
		};
		for (const d of chunk) {
			log(d.createdAt, [
				{ r: d.id, f: 'created', o: null, n: null, b: d.createdBy, t: d.createdAt }
			]);
			if (!d.moved) continue;
			const { from: o, to: n, at, by, lostReason } = d.moved;
			const entries: StoredChange[] = [{ r: d.id, f: 'stage', o, n, b: by, t: at }];
			if (lostReason)
				entries.push({ r: d.id, f: 'lostReason', o: '', n: lostReason, b: by, t: at });
			log(at, entries);
		}
		for (const { at, entries } of byMonth.values()) layout.history.push(entries, at, IMPORT);
	}
	written.shards = shards.size;
	return written;
}

export interface WorkspaceWithDeals {
	/** Every document, as a device stores them (one merged update each). */
	updates: Map<string, Uint8Array>;
	deals: WrittenDeals;
	/** The owners; the first is the bench's member. */
	memberIds: string[];
	memberNames: string[];
	generateMs: number;
	dealsMs: number;
}

/**
 * The workspace of generate.ts (without its own deals and without interactions) with `open`
 * open and `closed` closed deals written into it and the workspace's rates, encoded one update
 * per document.
 */
export function generateWithDeals(
	options: Omit<GenerateOptions, 'deals' | 'interactions'> & { open: number; closed: number }
): WorkspaceWithDeals {
	let started = performance.now();
	const generated = generateWorkspace({ ...options, deals: 0, interactions: 0 });
	const layout = layoutOf(generated.docs);
	const rng = new Random(options.seed + 29);
	const extra = addTaskMembers(layout, rng);
	const generateMs = performance.now() - started;
	started = performance.now();
	const now = generated.now;
	const rates = writeRates(layout, rng, now - 2 * 365 * DAY - 130 * DAY, now);
	const people = new Map(generated.json.people.map((p) => [String(p.id), p]));
	const memberIds = [...generated.memberIds, ...extra];
	const deals = writeDeals(generated.docs, layout, rng, {
		open: options.open,
		closed: options.closed,
		now,
		memberIds,
		personIds: generated.personIds,
		orgOfPerson: generated.personIds.map(
			(id) => (people.get(id)!.organizationId as string | null) ?? null
		)
	});
	deals.rates = rates;
	const dealsMs = performance.now() - started;
	const updates = encodeDocs(generated.docs);
	generated.docs.destroy();
	return {
		updates,
		deals,
		memberIds,
		memberNames: [...generated.json.members.map((m) => m.name), ...EXTRA_MEMBER_NAMES],
		generateMs,
		dealsMs
	};
}
