/**
 * A workspace: the team's shared customer base, a core Y.Doc and collection documents
 * (workspace-docs.ts). Builds, for every record type
 * declared in $lib/domain/record-types, its repository, live rows and "Recently deleted", and
 * for every declared relation its reverse index; knows nothing of where the document is stored
 * or how it syncs (persistence.ts, $lib/sync), and no record type by name.
 */
import * as Y from 'yjs';
import type { DuplicatePair } from '$lib/domain/duplicates';
import { sharedOrderInSlices } from '$lib/domain/shared-order';
import {
	RECORD_TYPES,
	RELATIONS,
	organization,
	person,
	recordType,
	type AnyRecordType,
	type BaseRow,
	type OrganizationRow,
	type PersonRow,
	type RecordTypeDeclaration,
	type Relation,
	type RowLookup
} from '$lib/domain/record-types';
import type {
	Organization,
	OrganizationFields,
	Person,
	PersonFields,
	RecordMeta
} from '$lib/domain/records';
import { changedRecords, changedSince } from './changed-records';
import {
	ContactEntryWriter,
	isOwnInteractionEdit,
	lastContact,
	type ContactSource
} from './contact-summary';
import { CustomFieldRepository } from './custom-fields';
import { HistoryLog } from './history-log';
import { DeletedRecords } from './deleted-records.svelte';
import { intern, internAll } from './intern';
import { collectionOf, keptFieldReader, layoutOf, type Collection, type Layout } from './layout';
import { LiveCollection } from './live-collection.svelte';
import { SlicedRebuilds } from './sliced-rebuilds';
import { MemberRepository } from './members';
import { mergeRecords } from './merge-records';
import { migrate } from './migrations';
import { LOCAL_EDIT, SETUP } from './origins';
import { RecordWriter, type Author } from './record-writer';
import { RelationIndex, type Targets } from './relation-index';
import { RecordRepository } from './repository.svelte';
import { readTyped, rowBuilder } from './rows';
import { UndoController } from './undo.svelte';
import { Slices } from './slices';
import { historySubscriber, subscriberOf } from './y-subscriber';
import { CORE, WorkspaceDocs } from './workspace-docs';

/** Source rows indexed between two looks at the clock while the relation indexes are built. */
const INDEX_CHUNK = 2_000;

/** What the workspace holds for one record type, all derived from its declaration. */
interface TypeParts {
	type: AnyRecordType;
	collection: Collection;
	live: LiveCollection<BaseRow>;
	deleted: DeletedRecords;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	repo: RecordRepository<any, any, BaseRow>;
}

/** A declaration with its field and row types, as a typed accessor takes it. */
type Declared<F extends object, R extends BaseRow> = RecordTypeDeclaration<F, R, string, string>;

export class Workspace {
	readonly docs: WorkspaceDocs;
	readonly layout: Layout;
	readonly customFields: CustomFieldRepository;
	readonly members: MemberRepository;
	readonly undo: UndoController;
	readonly history: HistoryLog;
	/** Pages' shorthands for the first types; a new type is reached with repo() and live(). */
	readonly people: RecordRepository<Person, PersonFields, PersonRow>;
	readonly organizations: RecordRepository<Organization, OrganizationFields, OrganizationRow>;
	readonly peopleLive: LiveCollection<PersonRow>;
	readonly organizationsLive: LiveCollection<OrganizationRow>;
	private readonly parts = new Map<string, TypeParts>();
	/**
	 * The order rows are built in: the reverse of the registry's, so a type's sources (people of
	 * an organization) are indexed before its rows, which count them, are built.
	 */
	private startOrder: TypeParts[] = [];
	/** One reverse index per declared relation, by `${target}.${reverse}` ('organization.people'). */
	private readonly indexes = new Map<string, RelationIndex>();
	private readonly subscribeMeta: () => void;
	private readonly contactEntries: ContactEntryWriter | null;
	/** How many holders each month opened by holdMonths has. */
	private readonly held = new Map<string, number>();
	private stopContactEntries = () => {};
	#loaded = $state(false);
	#starting = false;
	/** Rows rebuilt for a related record's new shown value or others' updates: many in slices. */
	#rebuilds = new SlicedRebuilds(null);
	/**
	 * While rows start, the related values they show, read once per related record (100k people
	 * show 20k organizations' names: read per person, it was ~0.9 s of a first visit's 4 s of
	 * rows). If a shown type's documents changed meanwhile, rebuildStaleShown() reads them
	 * afresh after, so an edit during the start is not missed.
	 */
	#shownWhileStarting: Map<string, Map<string | null, string>> | null = null;
	/** relatedValue's readers, one per target type and field (each keeps what it parsed). */
	readonly #relatedValues = new Map<string, (id: string | null) => string>();
	/** While a type's rows start in slices, its relation indexes are built after, in slices too. */
	#deferIndexing = false;

	constructor(
		readonly id: string,
		readonly me: string,
		docs = new WorkspaceDocs(),
		private readonly now: () => number = Date.now
	) {
		this.docs = docs;
		const layout = (this.layout = layoutOf(docs));
		const author: Author = { memberId: me, now };
		this.undo = new UndoController(layout);
		this.history = new HistoryLog(layout, me, now, this.undo);
		this.customFields = new CustomFieldRepository(docs.core, layout);
		this.members = new MemberRepository(docs.core, layout);
		this.subscribeMeta = subscriberOf(layout.meta);
		const historySubscribe = historySubscriber(layout.history);
		const newUndoStep = () => this.undo.stopCapturing();

		for (const relation of RELATIONS)
			this.indexes.set(indexKey(relation), new RelationIndex(relation));
		for (const type of RECORD_TYPES as readonly AnyRecordType[]) {
			const collection = collectionOf(layout, type);
			const defs = () => this.customFields.forEntity(type.name);
			const live = new LiveCollection<BaseRow>(
				collection,
				rowBuilder(type, defs, this.rowLookup(type))
			);
			const deleted = new DeletedRecords(collection, live, (map) =>
				type.displayName(readTyped(type, map, defs()).value)
			);
			const repo = new RecordRepository({
				collection,
				live,
				writer: new RecordWriter(collection, author, type.empty, type.trailed ?? null),
				history: this.history,
				historySubscribe,
				validate: type.validate,
				customDefs: defs,
				deleted,
				newUndoStep
			});
			this.parts.set(type.name, { type, collection, live, deleted, repo });
		}
		this.startOrder = [...this.parts.values()].reverse();
		this.people = this.repo(person);
		this.organizations = this.repo(organization);
		this.peopleLive = this.live(person);
		this.organizationsLive = this.live(organization);
		this.wireRelations();
		// The type whose relations give last contacts (interactions).
		const source = RELATIONS.find((r) => r.lastContact)?.from;
		this.contactEntries = !source
			? null
			: new ContactEntryWriter(
					this.part(source).collection,
					RELATIONS.filter((r) => r.from === source).map((relation) => ({
						relation,
						targets: this.part(relation.to).collection
					})),
					isOwnInteractionEdit((origin) => this.undo.isUndoOrigin(origin)),
					(relation, target, except) => this.bestOpenContact(relation, target, except),
					now
				);
	}

	/** The newest open interaction (not in the future) linking to `target`, but `except`. */
	private bestOpenContact(
		relation: Relation,
		target: string,
		except: string
	): ContactSource | null {
		const source = this.part(relation.from).live;
		const now = this.now();
		let best: ContactSource | null = null;
		for (const id of this.indexes.get(indexKey(relation))!.sourcesOf(target)) {
			const row = source.row(id) as unknown as ContactSource | undefined;
			if (!row || id === except || row.occurredAt > now) continue;
			if (
				!best ||
				row.occurredAt > best.occurredAt ||
				(row.occurredAt === best.occurredAt && id > best.id)
			)
				best = { id, occurredAt: row.occurredAt, nextStep: row.nextStep };
		}
		return best;
	}

	/** What runs once the documents are loaded, before rows are built: logging and derived values. */
	private attachObservers(): void {
		migrate(this.layout);
		this.history.attach();
		this.stopContactEntries();
		this.stopContactEntries = this.contactEntries?.attach() ?? (() => {});
	}

	/** How many records (not deleted) of every type the workspace holds. */
	get recordCount(): number {
		let count = 0;
		for (const { live } of this.parts.values()) count += live.size;
		return count;
	}

	/** The repository of a record type. */
	repo<F extends object, R extends BaseRow>(
		type: Declared<F, R>
	): RecordRepository<RecordMeta & F, F, R> {
		return this.part(type).repo as unknown as RecordRepository<RecordMeta & F, F, R>;
	}

	/** The live rows of a record type. */
	live<F extends object, R extends BaseRow>(type: Declared<F, R>): LiveCollection<R> {
		return this.part(type).live as unknown as LiveCollection<R>;
	}

	/** The ids of the records whose `relation` points at `target` (an organization's people). */
	sourcesOf(relation: Relation, target: string): ReadonlySet<string> {
		return this.indexes.get(indexKey(relation))!.sourcesOf(target);
	}

	/**
	 * The rows of `type` whose relation `field` points at `target` (an organization's people),
	 * in list order; reactive.
	 */
	referencing<F extends object, R extends BaseRow>(
		type: Declared<F, R>,
		field: keyof F & string,
		target: string
	): R[] {
		const relation = RELATIONS.find((r) => r.from.name === type.name && r.field === field);
		if (!relation) throw new Error(`${type.name}.${field} is not a declared relation`);
		const live = this.live(type);
		const rows = live.rows; // read first: the list is reactive, the index is not
		const ids = this.sourcesOf(relation, target);
		return ids.size === 0 ? [] : rows.filter((r) => ids.has(r.id));
	}

	/**
	 * The rows of `type` whose relation `field` points at `target` (a person's interactions),
	 * in no order: looked up by id, not filtered from every row; reactive.
	 */
	linked<F extends object, R extends BaseRow>(
		type: Declared<F, R>,
		field: keyof F & string,
		target: string
	): R[] {
		const relation = RELATIONS.find((r) => r.from.name === type.name && r.field === field);
		if (!relation) throw new Error(`${type.name}.${field} is not a declared relation`);
		const live = this.live(type);
		live.subscribe(); // the index is not reactive, the rows are
		const out: R[] = [];
		for (const id of this.sourcesOf(relation, target)) {
			const row = live.row(id);
			if (row) out.push(row);
		}
		return out;
	}

	/** The months of `type` (placed by month) listed but not open, newest first (reactive). */
	closedMonths(type: AnyRecordType): string[] {
		return this.docs.unopened(type.collection);
	}

	/** Opens these months (the Timeline list's "Show older"); they stay open. */
	openMonths(names: readonly string[]): void {
		for (const name of names) this.docs.openOnDemand(name);
	}

	/**
	 * Opens these months for as long as someone holds them (a record's timeline scrolled back):
	 * the returned function lets go, and a month nobody holds any more is closed again, so
	 * scrolling through a customer's years does not keep every month of every customer open.
	 */
	holdMonths(names: readonly string[]): () => void {
		for (const name of names) {
			this.held.set(name, (this.held.get(name) ?? 0) + 1);
			this.docs.openOnDemand(name);
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			for (const name of names) {
				const count = (this.held.get(name) ?? 1) - 1;
				if (count > 0) this.held.set(name, count);
				else {
					this.held.delete(name);
					this.docs.release(name);
				}
			}
		};
	}

	/** Opens the month holding the record `id` if it is listed and closed (a link to an old call). */
	openMonthOf(type: AnyRecordType, id: string): void {
		const name = this.part(type).collection.docNameOf(id);
		if (!this.docs.get(name) && this.docs.listed().includes(name)) this.docs.openOnDemand(name);
	}

	/** Call once the document has loaded from the device: migrate, then build the rows. */
	start(): void {
		this.attachObservers();
		this.beginStarting(); // every row is built once: no cross-rebuilds while starting
		for (const { live } of this.startOrder) live.start();
		this.endStarting();
		this.markLoaded();
	}

	/**
	 * start() for the browser: rows are built in slices between frames (see LiveCollection),
	 * those of `shown` (the list on screen) put in its shared order in slices too.
	 */
	async startInSlices(
		yieldToBrowser: () => Promise<void>,
		sliceMs = 12,
		shown: AnyRecordType | null = null
	): Promise<void> {
		this.attachObservers();
		this.beginStarting();
		const shownBefore = this.shownTargetStates();
		try {
			const slices = new Slices(yieldToBrowser, sliceMs);
			for (const part of this.startOrder) {
				this.#deferIndexing = true;
				const arrange =
					part.type === shown ? (rows: BaseRow[]) => sharedOrderInSlices(rows, slices) : undefined;
				await part.live.startInSlices(yieldToBrowser, sliceMs, arrange);
				if (part.live.size > 0) performance.mark(`crm:rows:${part.type.name}`); // bench/open.bench.ts
				this.#deferIndexing = false;
				await this.indexSources(part, slices);
			}
		} finally {
			this.endStarting();
		}
		// A related record's shown value changed while rows were being built: rebuild those rows
		// (only where a shown type's documents changed meanwhile: at 100k people the check alone
		// held a first visit's list ~0.3 s after it showed).
		const shownNow = this.shownTargetStates();
		const changed = [...shownNow.keys()].filter((t) => shownNow.get(t) !== shownBefore.get(t));
		await this.rebuildStaleShown(new Slices(yieldToBrowser, sliceMs), new Set(changed));
		this.markLoaded();
	}

	/** The state of the documents of each type whose values other rows show (a key that moves
	 * with any change to them, a shard opening included). */
	private shownTargetStates(): Map<string, string> {
		const states = new Map<string, string>();
		for (const relation of RELATIONS) {
			if (!relation.shownAs || states.has(relation.to)) continue;
			const parts: string[] = [];
			for (const [name] of this.part(relation.to).collection.shards()) {
				const doc = this.docs.get(name);
				if (doc) parts.push(name, Y.encodeStateVector(doc).join());
			}
			states.set(relation.to, parts.join('|'));
		}
		return states;
	}

	/**
	 * start() for a device whose rows came from its cache: keeps them and builds only the rows
	 * of records changed after the document snapshots (Y.encodeSnapshot by document name, per
	 * type: docSnapshots()) its cached rows reflect; returns how many. Null (nothing done) when
	 * the custom field definitions changed since (every row shows them) or a snapshot is not
	 * readable.
	 */
	async startFromCache(
		since: Record<string, Record<string, Uint8Array>>,
		slices = new Slices()
	): Promise<number | null> {
		const snapshots = new Map<string, Map<string, Y.Snapshot>>();
		try {
			for (const part of this.parts.values()) {
				const bytes = since[part.type.name];
				if (!bytes?.[CORE]) return null;
				const byDoc = new Map<string, Y.Snapshot>();
				for (const [name, b] of Object.entries(bytes)) byDoc.set(name, Y.decodeSnapshot(b));
				if (changedSince(this.layout.customFields, byDoc.get(CORE)!)) return null;
				snapshots.set(part.type.name, byDoc);
			}
		} catch {
			return null;
		}
		this.attachObservers();
		this.beginStarting();
		let rebuilt = 0;
		try {
			// A type's sources start before it: its reverse indexes are whole when counts are checked.
			for (const part of this.startOrder) {
				const changed = new Set<string>();
				for (const [name, shard] of part.collection.shards()) {
					const snapshot = snapshots.get(part.type.name)!.get(name);
					if (snapshot) for (const id of changedRecords(shard, snapshot)) changed.add(id);
					else for (const id of shard.keys()) changed.add(id);
					if (slices.due()) await slices.pause(); // one shard is a few ms at most
				}
				// Records pointing at these moved since: their counts are stale.
				for (const relation of RELATIONS) {
					if (relation.to !== part.type.name || !relation.countedAs) continue;
					const index = this.indexes.get(indexKey(relation))!;
					for (const row of part.live.rows) {
						if (
							(row as unknown as Record<string, unknown>)[relation.countedAs] !==
							index.count(row.id)
						)
							changed.add(row.id);
						if (slices.due()) await slices.pause();
					}
				}
				this.#deferIndexing = true;
				await part.live.startFromCache(changed, slices);
				this.#deferIndexing = false;
				await this.indexSources(part, slices);
				rebuilt += changed.size;
			}
		} finally {
			this.endStarting();
			this.#deferIndexing = false;
		}
		rebuilt += await this.rebuildStaleShown(slices);
		this.markLoaded();
		return rebuilt;
	}

	/**
	 * What the core and a type's documents hold (Y.encodeSnapshot by document name): saved with
	 * the type's cached rows, to know what changed.
	 */
	docSnapshots(type: AnyRecordType): Record<string, Uint8Array> {
		const out: Record<string, Uint8Array> = {
			[CORE]: Y.encodeSnapshot(Y.snapshot(this.docs.core))
		};
		for (const [name] of this.part(type).collection.shards()) {
			const doc = this.docs.get(name);
			if (doc) out[name] = Y.encodeSnapshot(Y.snapshot(doc));
		}
		return out;
	}

	/**
	 * Builds the reverse indexes of the relations from `part`'s type after its rows started, a
	 * chunk of rows at a time (at 100k people, one pass held the page ~290 ms).
	 */
	private async indexSources(part: TypeParts, slices: Slices): Promise<void> {
		for (const relation of RELATIONS) {
			if (relation.from !== part.type) continue;
			const index = this.indexes.get(indexKey(relation))!;
			const targetOf = (id: string) =>
				(part.live.row(id) as unknown as Record<string, Targets> | undefined)?.[relation.field];
			const ids = part.live.rows.map((row) => row.id);
			const touched = new Set<string>();
			for (let at = 0; at < ids.length; at += INDEX_CHUNK) {
				index.update(ids.slice(at, at + INDEX_CHUNK), targetOf, touched);
				if (slices.due()) await slices.pause();
			}
		}
	}

	/**
	 * Rebuilds the rows whose shown value of a related record (a person's organization name) is
	 * not that record's current one (of the types in `targets` only, when given); returns how many.
	 */
	private async rebuildStaleShown(slices: Slices, targets?: Set<string>): Promise<number> {
		let count = 0;
		for (const relation of RELATIONS) {
			if (!relation.shownAs || (targets && !targets.has(relation.to))) continue;
			const source = this.part(relation.from).live;
			const related = this.relatedValue(relation);
			const shown = new Map<string | null, string>(); // once per target, not per source
			const stale: string[] = [];
			let checked = 0;
			for (const row of source.rows) {
				const r = row as unknown as Record<string, unknown>;
				const target = (r[relation.field] as string | null) ?? null;
				let value = shown.get(target);
				if (value === undefined) shown.set(target, (value = related(target)));
				if (r[relation.shownAs] !== value) stale.push(row.id);
				if ((++checked & 255) === 0 && slices.due()) await slices.pause();
			}
			source.rebuild(stale);
			count += stale.length;
		}
		return count;
	}

	private beginStarting(): void {
		this.#starting = true;
		this.#shownWhileStarting = new Map();
	}

	private endStarting(): void {
		this.#starting = false;
		this.#shownWhileStarting = null;
	}

	/** The document has loaded and the rows are live; what was read before is read again. */
	private markLoaded(): void {
		for (const { deleted } of this.parts.values()) deleted.reset();
		this.#loaded = true;
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	get name(): string {
		this.subscribeMeta();
		const name = this.layout.meta.get('name');
		return typeof name === 'string' ? name : '';
	}

	rename(name: string, origin: typeof LOCAL_EDIT | typeof SETUP = LOCAL_EDIT): void {
		if (name !== this.name)
			this.docs.core.transact(() => this.layout.meta.set('name', name), origin);
	}

	/**
	 * Likely duplicates among a type's records, as its declaration finds them. Not before the
	 * workspace has loaded (throws): the rows are empty or cached without their records until
	 * then, and "no duplicates" would be said of records not read yet.
	 */
	findDuplicates(type: AnyRecordType): DuplicatePair[] {
		if (!this.#loaded) throw new Error(DUPLICATES_WHILE_LOADING);
		const { live, repo } = this.part(type);
		if (type.duplicates.from === 'rows') return type.duplicates.find(live.rows);
		const records = live.rows.map((row) => ({ ...repo.get(row.id)!.record, id: row.id }));
		return type.duplicates.find(records);
	}

	/** Keeps every value of both and the union of their links; `otherId` is soft-deleted. */
	merge(type: AnyRecordType, keepId: string, otherId: string): void {
		mergeRecords(this, type, keepId, otherId);
	}

	/**
	 * Many rows showing a related record's new value (a new device receiving an organization
	 * shard after its people), or changed by others' updates (a shard from the relay), are
	 * rebuilt a slice at a time from now, yielding with `yieldTask`.
	 */
	rebuildInSlices(yieldTask: () => Promise<void>): void {
		this.#rebuilds.stop();
		this.#rebuilds = new SlicedRebuilds(yieldTask);
		for (const { live } of this.parts.values()) live.rebuildOthersWith(this.#rebuilds);
	}

	destroy(): void {
		this.#rebuilds.stop();
		this.stopContactEntries();
		for (const { live } of this.parts.values()) live.stop();
		this.history.destroy();
		this.undo.destroy();
		this.docs.destroy();
	}

	private part(type: AnyRecordType | string): TypeParts {
		const name = typeof type === 'string' ? type : type.name;
		const part = this.parts.get(name);
		if (!part) throw new Error(`no record type "${name}"`);
		return part;
	}

	/** The value of `relation.shows` of a target record, read from the document. */
	private relatedValue(relation: Relation): (id: string | null) => string {
		const key = `${relation.to}.${relation.shows}`;
		let related = this.#relatedValues.get(key);
		if (related) return related;
		const collection = collectionOf(this.layout, recordType(relation.to)!);
		const read = relation.shows ? keptFieldReader(relation.shows) : () => '';
		related = (id) => {
			const map = id ? collection.get(id) : undefined;
			const value = map ? read(map) : '';
			return typeof value === 'string' ? value : '';
		};
		this.#relatedValues.set(key, related);
		return related;
	}

	/**
	 * A type's "last contact" reader (contact-summary.ts): from the records linking to it with
	 * `lastContact` relations, open or left as the record's value.
	 */
	private lastContactOf(type: AnyRecordType): RowLookup['lastContact'] {
		const relations = RELATIONS.filter((r) => r.lastContact && r.to === type.name);
		if (relations.length === 0) return () => null;
		// Made while the parts are being built: read them at the first row.
		const own = () => this.part(type).collection;
		const from = () => this.part(relations[0].from);
		const isOpen = (id: string) => this.docs.get(from().collection.docNameOf(id)) !== undefined;
		return (id) => {
			const sources: ContactSource[] = [];
			for (const relation of relations)
				this.indexes.get(indexKey(relation))!.forEachSource(id, (source) => {
					const row = from().live.row(source) as unknown as ContactSource | undefined;
					if (row) sources.push(row);
				});
			return lastContact(own().get(id), sources, isOpen, this.now());
		};
	}

	/** `read`, answered from #shownWhileStarting while rows start. */
	private keptWhileStarting(
		relation: Relation,
		read: (id: string | null) => string
	): (id: string | null) => string {
		const key = `${relation.from.name}.${relation.field}`;
		return (id) => {
			const starting = this.#shownWhileStarting;
			if (!starting) return read(id);
			let kept = starting.get(key);
			if (!kept) starting.set(key, (kept = new Map()));
			let value = kept.get(id);
			if (value === undefined) kept.set(id, (value = read(id)));
			return value;
		};
	}

	/** What a type's row builder may ask: one object per type, made once. */
	private rowLookup(type: AnyRecordType): RowLookup {
		const related = new Map<string, (id: string | null) => string>();
		for (const relation of RELATIONS) {
			if (relation.from === type && relation.shows)
				related.set(relation.field, this.keptWhileStarting(relation, this.relatedValue(relation)));
		}
		const counted = new Map<string, RelationIndex>();
		const indexOf = (reverse: string) => {
			let index = counted.get(reverse);
			if (!index) {
				index = this.indexes.get(`${type.name}.${reverse}`);
				if (!index) throw new Error(`${type.name} has no relation "${reverse}"`);
				counted.set(reverse, index);
			}
			return index;
		};
		return {
			related: (field, id) => related.get(field)?.(id) ?? '',
			count: (reverse, id) => indexOf(reverse).count(id),
			lastContact: this.lastContactOf(type),
			intern,
			internAll
		};
	}

	/**
	 * For every declared relation: its reverse index follows the source rows; the target rows
	 * that count their sources are rebuilt when the count moves; the source rows that show a
	 * value of their target are rebuilt when that value changes (not when the count does: that
	 * would go quadratic). Custom field definitions changing rebuild every row.
	 */
	private wireRelations(): void {
		for (const relation of RELATIONS) {
			const index = this.indexes.get(indexKey(relation))!;
			const source = this.part(relation.from).live;
			const target = this.part(relation.to).live;
			source.onChange((ids) => {
				if (this.#deferIndexing) return; // indexSources() does it, in slices
				const touched = new Set<string>();
				index.update(
					ids,
					(id) =>
						(source.row(id) as unknown as Record<string, Targets> | undefined)?.[relation.field],
					touched
				);
				if (relation.lastContact && !this.#starting)
					for (const id of ids) for (const t of index.targetsOfSource(id)) touched.add(t);
				if ((relation.countedAs || relation.lastContact) && touched.size > 0 && target.size > 0)
					target.rebuild([...touched].filter((t) => target.row(t)));
			});
			if (!relation.shows) continue;
			// The row's value (read at no cost), else the record's: a deleted organization has no
			// row, and its people still show its name (as a device building them afresh does).
			const related = this.relatedValue(relation);
			const shows = relation.shows;
			const shown = new Map<string, unknown>();
			target.onChange((ids) => {
				const sources = new Set<string>();
				for (const id of ids) {
					const row = target.row(id) as unknown as Record<string, unknown> | undefined;
					const value = row ? row[shows] : related(id);
					if (shown.get(id) === value) continue;
					shown.set(id, value);
					if (this.#starting) continue;
					for (const s of index.sourcesOf(id)) sources.add(s);
				}
				if (sources.size > 0) this.#rebuilds.rebuild(source, sources);
			});
		}
		this.layout.customFields.observeDeep(() => {
			if (!this.#loaded) return;
			for (const { live } of this.parts.values()) live.rebuildAll();
		});
	}
}

/** Why a duplicates scan is refused before the workspace has loaded. */
export const DUPLICATES_WHILE_LOADING =
	'This device is still loading the workspace, so its records cannot all be compared yet. Scan again in a moment.';

function indexKey(relation: Relation): string {
	return `${relation.to}.${relation.reverse}`;
}
