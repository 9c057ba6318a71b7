/**
 * Seeded generator of realistic workspaces for the benchmarks: people and organizations written
 * through the app's own layout (layout.ts, record-writer.ts) into their shard documents
 * (shards.ts), a chunk of records per transaction as an import writes them (import-run.ts),
 * teammates' later edits with their history entries in the monthly partitions, and
 * interactions as the app stores them: records in monthly partitions (`interactions.2026-12`,
 * ids from monthRecordId), spread over the years before the generation's `now`, each linking
 * one or two people of an organization and that organization, whose records carry the
 * `contact:`/`in:` entries the writing device leaves (contact-summary.ts). Months older than
 * the hot window are encoded and let go of as soon as they are complete, so a million
 * interactions never sit in memory at once. The same options give byte-identical documents:
 * every document's Yjs client id is derived from the seed and the document's name.
 */
import * as Y from 'yjs';
import { encodeDocs } from '../src/lib/data/docs-testing';
import {
	emptyOrganization,
	emptyPerson,
	type Address,
	type CustomFieldDef,
	type CustomValue,
	type LabelledValue,
	type Member,
	type OrganizationFields,
	type PersonFields
} from '../src/lib/domain/records';
import {
	NOTES_KEY,
	layoutOf,
	readRecord,
	type Collection,
	type StoredChange
} from '../src/lib/data/layout';
import { recordTextValue } from '../src/lib/data/record-texts';
import { IMPORT } from '../src/lib/data/origins';
import { RecordWriter, type Author } from '../src/lib/data/record-writer';
import { emptyDeal } from '../src/lib/domain/record-types/deal';
import { partitionDocName } from '../src/lib/data/shards';
import { HISTORY } from '../src/lib/data/history-partitions';
import { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import { CULTURES, type Culture } from './fixtures/cultures';
import * as B from './fixtures/business';
import { writeInteractions, type BusyCustomer } from './generate-interactions';
import { Random } from './prng';

export type { BusyCustomer };

export interface GenerateOptions {
	people: number;
	organizations: number;
	/** Deals, each of an organization and one of its people where there are (default none). */
	deals?: number;
	interactions: number;
	seed: number;
	name?: string;
	/**
	 * The generation's "now": interactions span the INTERACTION_YEARS before it, and the months
	 * of the hot window (shards.ts HOT_MONTHS) at it are the open ones. Default GENERATED_NOW,
	 * so the same options give the same bytes; a browser bench passes Date.now(), so the
	 * newest months are the device's hot ones.
	 */
	now?: number;
	/** Interactions of the busy customer (default min(BUSY_CUSTOMER_INTERACTIONS, interactions / 20)). */
	busyCustomerInteractions?: number;
	/**
	 * Every organization and person of one culture, by its country ('Poland'): a company of one
	 * country, whose names and streets share its script (default: the world's mix).
	 */
	country?: string;
}

export const SIZES = {
	'10k': { people: 10_000, organizations: 2_000, deals: 2_000, interactions: 100_000 },
	'100k': { people: 100_000, organizations: 20_000, deals: 20_000, interactions: 1_000_000 }
} as const;

/** The default generation time (options.now). */
export const GENERATED_NOW = Date.UTC(2026, 11, 1, 12);
/** How many years of interactions end at the generation's now. */
export const INTERACTION_YEARS = 4;
/** The busy customer's interactions at the benchmark sizes (the timeline figure). */
export const BUSY_CUSTOMER_INTERACTIONS = 5_000;

/** The workspace as plain JSON, the way an export would write it (the storage-size reference). */
export interface WorkspaceExport {
	name: string;
	members: Member[];
	customFields: CustomFieldDef[];
	people: Record<string, unknown>[];
	organizations: Record<string, unknown>[];
	deals: Record<string, unknown>[];
	history: StoredChange[];
}

export interface GeneratedWorkspace {
	/**
	 * The workspace: the core document (whose directory lists every document, closed months
	 * too) and every shard, history partition and hot interaction month written to.
	 */
	docs: WorkspaceDocs;
	/** Interaction months older than the hot window: encoded (one update each) and let go of. */
	closedMonths: Map<string, Uint8Array>;
	json: WorkspaceExport;
	/** Bytes of the interactions as a JSON export would write them (an array of records). */
	interactionJsonBytes: number;
	memberIds: string[];
	personIds: string[];
	organizationIds: string[];
	/** The person with busyCustomerInteractions interactions (null without interactions). */
	busyCustomer: BusyCustomer | null;
	now: number;
}

/** Every document of a generated workspace, as a device stores it: the core first. */
export function encodeWorkspace(generated: GeneratedWorkspace): Map<string, Uint8Array> {
	const out = encodeDocs(generated.docs);
	for (const [name, update] of generated.closedMonths) out.set(name, update);
	return out;
}

const CHUNK = 1_000; // records per transaction, as a bulk import writes them
const START = Date.UTC(2022, 0, 3, 9);
const SPAN = 3 * 365 * 86_400_000;
const DAY = 86_400_000;

export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace {
	for (const key of ['people', 'organizations', 'interactions', 'seed'] as const) {
		const n = options[key];
		if (!Number.isInteger(n) || n < 0)
			throw new Error(`${key} must be a whole number ≥ 0, got ${n}`);
	}
	if (options.organizations === 0 && options.interactions > 0) {
		throw new Error('interactions need at least one organization with people');
	}
	const now = options.now ?? GENERATED_NOW;
	const onlyCulture = options.country === undefined ? null : cultureOf(options.country);
	const rng = new Random(options.seed);
	const docs = new WorkspaceDocs(new Y.Doc(), () => now);
	// Yjs picks a random client id otherwise; set before anything is written to the document.
	docs.onDoc((name, doc) => (doc.clientID = clientIdOf(options.seed, name)));
	const layout = layoutOf(docs);
	const author = { memberId: '', at: START };
	const clock: Author = {
		get memberId() {
			return author.memberId;
		},
		now: () => author.at
	};

	const members = B.MEMBER_NAMES.map((name, i) => ({
		id: rng.uuid(),
		name,
		color: ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6'][i % 6]
	}));
	const customFields = customFieldDefs(rng);
	docs.core.transact(() => {
		layout.meta.set('name', options.name ?? 'Benchmark workspace');
		for (const m of members) {
			const map = new Y.Map<unknown>();
			map.set('name', m.name);
			map.set('color', m.color);
			layout.members.set(m.id, map);
		}
		for (const def of customFields) {
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(def)) if (k !== 'id') map.set(k, v);
			layout.customFields.set(def.id, map);
		}
	}, IMPORT);

	const ctx: Context = {
		rng,
		members,
		personFields: customFields.filter((d) => d.entity === 'person'),
		organizationFields: customFields.filter((d) => d.entity === 'organization')
	};
	const organizations = new RecordWriter(layout.organizations, clock, emptyOrganization);
	const orgs: { id: string; culture: Culture; domain: string }[] = [];
	writeInChunks(docs, layout.organizations, options.organizations, (i) => {
		const culture = onlyCulture ?? pickCulture(rng);
		const org = organization(ctx, culture);
		const id = rng.uuid();
		const by = {
			memberId: rng.pick(members).id,
			at: START + Math.floor((i / options.organizations) * SPAN * 0.8)
		};
		orgs.push({ id, culture, domain: org.domain });
		return {
			id,
			write: () => {
				Object.assign(author, by);
				organizations.insert(id, org.fields);
			}
		};
	});

	const people = new RecordWriter(layout.people, clock, emptyPerson);
	const personIds: string[] = [];
	const orgOfPerson: (string | null)[] = [];
	writeInChunks(docs, layout.people, options.people, (i) => {
		const org = orgs.length > 0 && rng.chance(0.85) ? rng.pick(orgs) : null;
		const culture = onlyCulture ?? (org && rng.chance(0.8) ? org.culture : pickCulture(rng));
		const fields = person(ctx, culture, org);
		const id = rng.uuid();
		const by = {
			memberId: rng.pick(members).id,
			at: START + Math.floor((i / Math.max(1, options.people)) * SPAN) + rng.int(0, DAY)
		};
		personIds.push(id);
		orgOfPerson.push(org?.id ?? null);
		return {
			id,
			write: () => {
				Object.assign(author, by);
				people.insert(id, fields);
			}
		};
	});

	const deals = new RecordWriter(layout.collections.deals, clock, emptyDeal);
	const stages = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
	writeInChunks(docs, layout.collections.deals, options.deals ?? 0, (i) => {
		const p = personIds.length > 0 ? rng.int(0, personIds.length - 1) : -1;
		const organizationId = p >= 0 ? orgOfPerson[p] : null;
		const at = START + Math.floor((i / Math.max(1, options.deals ?? 1)) * SPAN);
		const fields = {
			name: `${rng.pick(B.TITLES)} ${rng.int(1, 999)}`,
			stage: rng.pick(stages),
			amount: rng.chance(0.9) ? rng.int(5, 500) * 100 : null,
			expectedCloseAt: at + rng.int(10, 120) * DAY,
			organizationId,
			personId: p >= 0 ? personIds[p] : null,
			ownerId: rng.pick(members).id
		};
		const id = rng.uuid();
		const by = { memberId: fields.ownerId, at };
		return {
			id,
			write: () => {
				Object.assign(author, by);
				deals.insert(id, fields);
			}
		};
	});

	// Later edits by teammates, one at a time: per-field keys over the snapshot, each with its
	// history entry in the partition of the month it was made.
	for (let i = 0; i < Math.floor(options.people / 10); i++) {
		const id = rng.pick(personIds);
		const before = readRecord(layout.people.get(id)!);
		author.memberId = rng.pick(members).id;
		author.at = (before.createdAt as number) + rng.int(1, 300) * DAY;
		const [field, value]: [keyof PersonFields, unknown] = rng.chance(0.5)
			? ['kind', rng.weighted(B.KINDS)]
			: ['title', rng.pick(B.TITLES)];
		if (before[field] === value) continue;
		const entry = { r: id, f: field, o: before[field], n: value, b: author.memberId, t: author.at };
		docs.transact(
			[layout.people.docNameOf(id), partitionDocName(HISTORY, author.at)],
			() => {
				people.update(id, { [field]: value });
				layout.history.push([entry], entry.t, IMPORT);
			},
			IMPORT
		);
	}

	const written = writeInteractions(docs, layout, rng, members, author, clock, {
		count: options.interactions,
		busy:
			options.busyCustomerInteractions ??
			Math.min(BUSY_CUSTOMER_INTERACTIONS, Math.floor(options.interactions / 20)),
		now,
		years: INTERACTION_YEARS,
		personIds,
		orgOfPerson
	});

	return {
		docs,
		closedMonths: written.closedMonths,
		json: {
			name: layout.meta.get('name') as string,
			members,
			customFields,
			people: exportCollection(layout.people),
			organizations: exportCollection(layout.organizations),
			deals: exportCollection(layout.collections.deals),
			history: layout.history.toArray()
		},
		interactionJsonBytes: written.jsonBytes,
		memberIds: members.map((m) => m.id),
		personIds,
		organizationIds: orgs.map((o) => o.id),
		busyCustomer: written.busyCustomer,
		now
	};
}

interface Context {
	rng: Random;
	members: Member[];
	personFields: CustomFieldDef[];
	organizationFields: CustomFieldDef[];
}

/**
 * Makes `count` records, CHUNK at a time, and writes each chunk as import-run.ts does: one
 * IMPORT transaction on every shard the chunk touches. `make` draws the record (all the
 * randomness, in order) and returns how to write it.
 */
function writeInChunks(
	docs: WorkspaceDocs,
	collection: Collection,
	count: number,
	make: (i: number) => { id: string; write: () => void }
): void {
	for (let start = 0; start < count; start += CHUNK) {
		const chunk: { id: string; write: () => void }[] = [];
		for (let i = start; i < Math.min(count, start + CHUNK); i++) chunk.push(make(i));
		docs.transact(
			chunk.map((r) => collection.docNameOf(r.id)),
			() => chunk.forEach((r) => r.write()),
			IMPORT
		);
	}
}

/** A Yjs client id (1 … 2³¹−1) for document `name` of the workspace of `seed`: FNV-1a. */
function clientIdOf(seed: number, name: string): number {
	let hash = 0x811c9dc5;
	for (const ch of `${seed}/${name}`) {
		hash ^= ch.charCodeAt(0);
		hash = Math.imul(hash, 0x01000193);
	}
	return 1 + ((hash >>> 0) % 0x7ffffffe);
}

const CULTURE_WEIGHTS = CULTURES.map((c) => [c, c.weight] as const);
function pickCulture(rng: Random): Culture {
	return rng.weighted(CULTURE_WEIGHTS);
}

function cultureOf(country: string): Culture {
	const culture = CULTURES.find((c) => c.country === country);
	if (!culture)
		throw new Error(
			`no culture for ${country}: one of ${CULTURES.map((c) => c.country).join(', ')}`
		);
	return culture;
}

function customFieldDefs(rng: Random): CustomFieldDef[] {
	const defs: Omit<CustomFieldDef, 'id' | 'order'>[] = [
		{
			entity: 'person',
			label: 'Customer tier',
			type: 'choice',
			options: ['Bronze', 'Silver', 'Gold', 'Platinum']
		},
		{ entity: 'person', label: 'Lifetime value (EUR)', type: 'number', options: [] },
		{ entity: 'person', label: 'Birthday', type: 'date', options: [] },
		{ entity: 'person', label: 'Newsletter', type: 'boolean', options: [] },
		{
			entity: 'person',
			label: 'Languages',
			type: 'multi-choice',
			options: [
				'English',
				'French',
				'German',
				'Spanish',
				'Japanese',
				'Portuguese',
				'Mandarin',
				'Hindi'
			]
		},
		{ entity: 'organization', label: 'Employees', type: 'number', options: [] },
		{
			entity: 'organization',
			label: 'Segment',
			type: 'choice',
			options: ['SMB', 'Mid-market', 'Enterprise']
		}
	];
	return defs.map((d, i) => ({ ...d, id: rng.uuid().slice(0, 8), order: i + 1 }));
}

/** 'Jörg Müller' → 'jorg.muller' for addresses people would really have. */
function ascii(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ł/g, 'l')
		.replace(/Ł/g, 'L')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

function shape(rng: Random, pattern: string): string {
	let out = '';
	for (const ch of pattern) {
		if (ch === '#') out += String(rng.int(0, 9));
		else if (ch === 'A') out += String.fromCharCode(65 + rng.int(0, 25));
		else out += ch;
	}
	return out;
}

function phone(rng: Random, culture: Culture): string {
	const national = shape(rng, culture.phone);
	return `${culture.dialCode} ${national.replace(/^0/, '')}`;
}

function address(rng: Random, culture: Culture, label: string): Address {
	const { city, region } = rng.pick(culture.cities);
	const street = rng.pick(culture.streets);
	const number = String(rng.int(1, 240));
	return {
		label,
		street: /^(rue|avenue|boulevard|place|via|corso|piazza|calle|paseo|rua)/i.test(street)
			? `${number} ${street}`
			: `${street} ${number}`,
		city,
		region,
		postcode: shape(rng, culture.postcode),
		country: culture.country
	};
}

function organization(
	ctx: Context,
	culture: Culture
): { fields: Partial<OrganizationFields>; domain: string } {
	const { rng } = ctx;
	const base = rng.chance(0.4)
		? `${rng.pick(culture.lastNames)} ${rng.pick(B.COMPANY_KINDS)}`
		: `${rng.pick(B.COMPANY_WORDS)} ${rng.pick(B.COMPANY_KINDS)}`;
	const name = `${base} ${rng.pick(culture.legalForms)}`;
	const domain = `${ascii(base)}.${culture.tld}`;
	const [employees, segment] = ctx.organizationFields;
	const size = Math.round(Math.exp(rng.next() * 9)); // 1 … 8,000, mostly small
	const custom: Record<string, CustomValue> = { [employees.id]: size };
	if (rng.chance(0.7))
		custom[segment.id] = size < 50 ? 'SMB' : size < 1000 ? 'Mid-market' : 'Enterprise';
	return {
		domain,
		fields: {
			name,
			kind: rng.weighted(B.KINDS),
			ownerId: rng.chance(0.9) ? rng.pick(ctx.members).id : null,
			website: `https://www.${domain}`,
			industry: rng.pick(B.INDUSTRIES),
			emails: [
				{ label: 'work', value: `${rng.pick(['info', 'contact', 'hello', 'sales'])}@${domain}` }
			],
			phones: [{ label: 'work', value: phone(rng, culture) }],
			addresses: [address(rng, culture, 'head office')],
			tags: rng.some(B.TAGS, 0, 2),
			source: rng.pick(B.SOURCES),
			custom
		}
	};
}

function person(
	ctx: Context,
	culture: Culture,
	org: { id: string; domain: string } | null
): Partial<PersonFields> & { notes?: string } {
	const { rng } = ctx;
	const firstName = rng.pick(culture.firstNames);
	const lastName = rng.pick(culture.lastNames);
	const local = `${ascii(firstName)}.${ascii(lastName)}`;
	const emails: LabelledValue[] = [];
	if (org) emails.push({ label: 'work', value: `${local}@${org.domain}` });
	if (!org || rng.chance(0.3)) {
		emails.push({
			label: 'personal',
			value: `${local}${rng.int(1, 99)}@${rng.pick(B.PERSONAL_MAIL)}`
		});
	}
	const phones: LabelledValue[] = [{ label: 'mobile', value: phone(rng, culture) }];
	if (rng.chance(0.25)) phones.push({ label: 'work', value: phone(rng, culture) });
	const preferences: Record<string, string> = {};
	for (const [key, values] of B.PREFERENCES)
		if (rng.chance(0.2)) preferences[key] = rng.pick(values);

	const [tier, ltv, birthday, newsletter, languages] = ctx.personFields;
	const custom: Record<string, CustomValue> = {};
	if (rng.chance(0.6)) custom[tier.id] = rng.pick(tier.options);
	if (rng.chance(0.4)) custom[ltv.id] = rng.int(0, 250_000);
	if (rng.chance(0.3)) {
		custom[birthday.id] = `${rng.int(1950, 2002)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
	}
	if (rng.chance(0.5)) custom[newsletter.id] = rng.chance(0.6);
	if (rng.chance(0.3)) custom[languages.id] = rng.some(languages.options, 1, 3);

	const fields: Partial<PersonFields> & { notes?: string } = {
		firstName,
		lastName,
		title: org || rng.chance(0.3) ? rng.pick(B.TITLES) : '',
		organizationId: org?.id ?? null,
		decisionRole: rng.weighted([
			['decision maker', 2],
			['influencer', 3],
			['user', 3],
			['none', 4]
		] as const),
		kind: rng.weighted(B.KINDS),
		ownerId: rng.chance(0.9) ? rng.pick(ctx.members).id : null,
		emails,
		phones,
		addresses: rng.chance(0.7) ? [address(rng, culture, org ? 'work' : 'home')] : [],
		tags: rng.some(B.TAGS, 0, 3),
		interests: rng.some(B.INTERESTS, 0, 3),
		preferences,
		focusGroups: rng.chance(0.1) ? [rng.pick(B.FOCUS_GROUPS)] : [],
		consent: rng.weighted([
			['unknown', 5],
			['granted', 4],
			['refused', 1]
		] as const),
		source: rng.pick(B.SOURCES),
		custom
	};
	if (rng.chance(0.2)) fields.notes = rng.some(B.NOTE_SENTENCES, 1, 3).join(' ');
	return fields;
}

function exportCollection(collection: Collection): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	collection.forEach((map, id) => {
		out.push({ id, ...readRecord(map), notes: recordTextValue(map, NOTES_KEY) });
	});
	return out;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}
