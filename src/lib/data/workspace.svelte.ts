/**
 * A workspace: the team's shared customer base, one Y.Doc. Composes the typed repositories;
 * knows nothing of where the document is stored or how it syncs (persistence.ts, $lib/sync).
 */
import * as Y from 'yjs';
import type { DuplicatePair } from '$lib/domain/duplicates';
import { findDuplicateOrganizations, findDuplicates } from '$lib/domain/duplicates';
import {
	emptyOrganization,
	emptyPerson,
	personName,
	type Organization,
	type OrganizationFields,
	type Person,
	type PersonFields
} from '$lib/domain/records';
import { validateOrganization, validatePerson } from '$lib/domain/validate';
import { changedRecords, changedSince } from './changed-records';
import { CustomFieldRepository } from './custom-fields';
import { HistoryLog } from './history-log';
import { DeletedRecords } from './deleted-records.svelte';
import { layoutOf, readField, type Layout } from './layout';
import { LiveCollection } from './live-collection.svelte';
import { MemberRepository } from './members';
import { mergeRecords } from './merge-records';
import { migrate } from './migrations';
import { LOCAL_EDIT, SETUP } from './origins';
import { RecordWriter, type Author } from './record-writer';
import { RecordRepository } from './repository.svelte';
import {
	organizationRow,
	personRow,
	readOrganization,
	readPerson,
	type RowContext
} from './rows';
import type { OrganizationRow, PersonRow } from './types';
import { UndoController } from './undo.svelte';
import { subscriberOf } from './y-subscriber';

export class OrganizationRepository extends RecordRepository<
	Organization,
	OrganizationFields,
	OrganizationRow
> {
	constructor(
		parts: ConstructorParameters<typeof RecordRepository<Organization, OrganizationFields, OrganizationRow>>[0],
		private readonly peopleLive: LiveCollection<PersonRow>
	) {
		super(parts);
	}

	peopleOf(organizationId: string): PersonRow[] {
		return this.peopleLive.rows.filter((p) => p.organizationId === organizationId);
	}
}

export class Workspace {
	readonly doc: Y.Doc;
	readonly layout: Layout;
	readonly people: RecordRepository<Person, PersonFields, PersonRow>;
	readonly organizations: OrganizationRepository;
	readonly customFields: CustomFieldRepository;
	readonly members: MemberRepository;
	readonly undo: UndoController;
	readonly history: HistoryLog;
	readonly peopleLive: LiveCollection<PersonRow>;
	readonly organizationsLive: LiveCollection<OrganizationRow>;
	private readonly peopleDeleted: DeletedRecords;
	private readonly organizationsDeleted: DeletedRecords;
	private readonly subscribeMeta: () => void;
	private readonly peopleByOrg = new Map<string, Set<string>>();
	private readonly orgOfPerson = new Map<string, string>();
	private readonly orgNames = new Map<string, string>();
	private readonly rowContext: RowContext;
	#loaded = $state(false);
	#starting = false;

	constructor(
		readonly id: string,
		readonly me: string,
		doc = new Y.Doc(),
		now: () => number = Date.now
	) {
		this.doc = doc;
		const layout = (this.layout = layoutOf(doc));
		const author: Author = { memberId: me, now };
		this.undo = new UndoController(layout);
		this.history = new HistoryLog(doc, layout, me, now, this.undo.manager);
		this.customFields = new CustomFieldRepository(doc, layout);
		this.members = new MemberRepository(doc, layout);
		this.subscribeMeta = subscriberOf(layout.meta);
		const historySubscribe = subscriberOf(layout.history, false);

		const ctx: RowContext = (this.rowContext = {
			customDefs: (entity) => this.customFields.forEntity(entity),
			organizationName: (orgId) => {
				const map = orgId ? layout.organizations.get(orgId) : undefined;
				const name = map ? readField(map, 'name') : '';
				return typeof name === 'string' ? name : '';
			},
			peopleCount: (orgId) => this.peopleByOrg.get(orgId)?.size ?? 0
		});
		this.peopleLive = new LiveCollection(layout.people, (id, map) => personRow(id, map, ctx));
		this.organizationsLive = new LiveCollection(layout.organizations, (id, map) =>
			organizationRow(id, map, ctx)
		);
		const defs = (entity: 'person' | 'organization') => () => this.customFields.forEntity(entity);
		this.peopleDeleted = new DeletedRecords(layout.people, this.peopleLive, (map) =>
			personName(readPerson(map, defs('person')()).value)
		);
		this.organizationsDeleted = new DeletedRecords(
			layout.organizations,
			this.organizationsLive,
			(map) => readOrganization(map, defs('organization')()).value.name
		);
		const newUndoStep = () => this.undo.stopCapturing();
		this.people = new RecordRepository({
			collection: layout.people,
			live: this.peopleLive,
			writer: new RecordWriter(doc, layout.people, author, emptyPerson),
			history: this.history,
			historySubscribe,
			validate: validatePerson,
			customDefs: defs('person'),
			deleted: this.peopleDeleted,
			newUndoStep
		});
		this.organizations = new OrganizationRepository(
			{
				collection: layout.organizations,
				live: this.organizationsLive,
				writer: new RecordWriter(doc, layout.organizations, author, emptyOrganization),
				history: this.history,
				historySubscribe,
				validate: validateOrganization,
				customDefs: defs('organization'),
				deleted: this.organizationsDeleted,
				newUndoStep
			},
			this.peopleLive
		);
		this.wireDependencies();
	}

	/** Call once the document has loaded from the device: migrate, then build the rows. */
	start(): void {
		migrate(this.doc, this.layout);
		this.history.attach();
		this.#starting = true; // every row is built once: no cross-rebuilds while starting
		this.peopleLive.start();
		this.organizationsLive.start();
		this.#starting = false;
		this.markLoaded();
	}

	/** start() for the browser: rows are built in slices between frames (see LiveCollection). */
	async startInSlices(yieldToBrowser: () => Promise<void>, sliceMs = 12): Promise<void> {
		migrate(this.doc, this.layout);
		this.history.attach();
		this.#starting = true;
		try {
			await this.peopleLive.startInSlices(yieldToBrowser, sliceMs);
			await this.organizationsLive.startInSlices(yieldToBrowser, sliceMs);
		} finally {
			this.#starting = false;
		}
		// A name change of an organization while rows were being built: bring its people along.
		this.peopleLive.rebuild(this.peopleOfRenamedOrganizations());
		this.markLoaded();
	}

	/**
	 * start() for a device whose rows came from its cache: keeps them and builds only the rows
	 * of records changed after the document snapshots (Y.encodeSnapshot) the cached rows
	 * reflect; returns how many. Null (nothing done) when the custom field definitions changed
	 * since: every row shows them.
	 */
	startFromCache(since: { people: Uint8Array; organizations: Uint8Array }): number | null {
		const people = Y.decodeSnapshot(since.people);
		const organizations = Y.decodeSnapshot(since.organizations);
		const defs = this.layout.customFields;
		if (changedSince(defs, people) || changedSince(defs, organizations)) return null;
		migrate(this.doc, this.layout);
		this.history.attach();
		this.#starting = true;
		let rebuilt = 0;
		try {
			const changedPeople = changedRecords(this.layout.people, people);
			this.peopleLive.startFromCache(changedPeople);
			// People moved between organizations since: those organizations' counts are stale.
			const changedOrgs = changedRecords(this.layout.organizations, organizations);
			for (const org of this.organizationsLive.rows)
				if (org.peopleCount !== this.rowContext.peopleCount(org.id)) changedOrgs.add(org.id);
			this.organizationsLive.startFromCache(changedOrgs);
			rebuilt = changedPeople.size + changedOrgs.size;
		} finally {
			this.#starting = false;
		}
		const renamed = this.peopleOfRenamedOrganizations();
		this.peopleLive.rebuild(renamed);
		this.markLoaded();
		return rebuilt + renamed.length;
	}

	/** What the document holds (Y.encodeSnapshot): saved with cached rows, to know what changed. */
	docSnapshot(): Uint8Array {
		return Y.encodeSnapshot(Y.snapshot(this.doc));
	}

	private peopleOfRenamedOrganizations(): string[] {
		const names = new Map<string | null, string>(); // once per organization, not per person
		const nameOf = (orgId: string | null) => {
			let name = names.get(orgId);
			if (name === undefined) names.set(orgId, (name = this.rowContext.organizationName(orgId)));
			return name;
		};
		return this.peopleLive.rows
			.filter((p) => p.organizationName !== nameOf(p.organizationId))
			.map((p) => p.id);
	}

	/** The document has loaded and the rows are live; what was read before is read again. */
	private markLoaded(): void {
		this.peopleDeleted.reset();
		this.organizationsDeleted.reset();
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
		if (name !== this.name) this.doc.transact(() => this.layout.meta.set('name', name), origin);
	}

	findDuplicatePeople(): DuplicatePair[] {
		const records = this.peopleLive.rows.map((row) => {
			const { record } = this.people.get(row.id)!;
			return { ...record, id: row.id };
		});
		return findDuplicates(records);
	}

	findDuplicateOrganizations(): DuplicatePair[] {
		return findDuplicateOrganizations(this.organizationsLive.rows);
	}

	/** Keeps every value of both and the union of their links; `otherId` is soft-deleted. */
	mergePeople(keepId: string, otherId: string): void {
		mergeRecords(this, 'person', keepId, otherId);
	}

	mergeOrganizations(keepId: string, otherId: string): void {
		mergeRecords(this, 'organization', keepId, otherId);
	}

	destroy(): void {
		this.peopleLive.stop();
		this.organizationsLive.stop();
		this.history.destroy();
		this.undo.destroy();
	}

	/** People rows show their organization's name, organization rows their people count. */
	private wireDependencies(): void {
		this.peopleLive.onChange((ids) => {
			const touchedOrgs = new Set<string>();
			for (const id of ids) {
				const before = this.orgOfPerson.get(id);
				const after = this.peopleLive.row(id)?.organizationId ?? undefined;
				if (before === after) continue;
				if (before) {
					this.peopleByOrg.get(before)?.delete(id);
					touchedOrgs.add(before);
				}
				if (after) {
					if (!this.peopleByOrg.has(after)) this.peopleByOrg.set(after, new Set());
					this.peopleByOrg.get(after)!.add(id);
					this.orgOfPerson.set(id, after);
					touchedOrgs.add(after);
				} else this.orgOfPerson.delete(id);
			}
			if (touchedOrgs.size > 0 && this.organizationsLive.size > 0)
				this.organizationsLive.rebuild([...touchedOrgs].filter((o) => this.organizationsLive.row(o)));
		});
		// A person row shows its organization's name: rebuild people only when that name
		// changed, not when the organization's people count did (that would go quadratic).
		this.organizationsLive.onChange((ids) => {
			const people = new Set<string>();
			for (const id of ids) {
				const name = this.organizationsLive.row(id)?.name;
				if (this.orgNames.get(id) === name) continue;
				if (name === undefined) this.orgNames.delete(id);
				else this.orgNames.set(id, name);
				if (this.#starting) continue;
				for (const p of this.peopleByOrg.get(id) ?? []) people.add(p);
			}
			if (people.size > 0) this.peopleLive.rebuild(people);
		});
		this.layout.customFields.observeDeep(() => {
			if (!this.#loaded) return;
			this.peopleLive.rebuildAll();
			this.organizationsLive.rebuildAll();
		});
	}
}
