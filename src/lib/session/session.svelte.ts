/**
 * The app's session: which workspaces this device belongs to, and the one that is open —
 * its documents (from the device), its one relay connection carrying all of them, presence
 * and storage state.
 */
import { Awareness } from 'y-protocols/awareness';
import { within } from '$lib/data/bounded';
import { openFromDevice, type DeviceWorkspace } from '$lib/data/persistence';
import { isLocalOrigin, SETUP } from '$lib/data/origins';
import type { Workspace } from '$lib/data/workspace.svelte';
import { Presence } from '$lib/sync/presence.svelte';
import { WorkspaceSync } from '$lib/sync/workspace-sync';
import { SyncState } from '$lib/sync/sync-state.svelte';
import { createWorkspace as registerWorkspace, getSession } from '$lib/sync/relay-api';
import { loadProfiles, saveProfiles, type Role, type WorkspaceProfile } from './profiles';
import { relayOrigin } from './relay-origin';
import { keepSegmentSizeLog } from './segment-size-log';
import { holdUnsentOutboxes } from './unsent-outboxes';
import { BlobStore } from '$lib/data/blob-store';
import { StorageState } from './storage-state.svelte';

export type { Role, WorkspaceProfile };
export type Result = { ok: true; workspaceId: string } | { ok: false; message: string };

/** After this long without the device's copy, the page says it is still waiting, and why. */
const SLOW_OPEN_MS = 8_000;
/** How long fetching one old month from the relay may take before the fill stops for now. */
const FETCH_LIMIT_MS = 60_000;

export class OpenWorkspace {
	readonly sync = new SyncState();
	readonly storage = new StorageState();
	readonly presence: Presence;
	/** The workspace's attached files on this device, and their way to and from the relay. */
	readonly files: BlobStore;
	profile = $state() as WorkspaceProfile;
	/** Set once the device's copy has loaded: the relay then sends only what is new. */
	connection = $state<WorkspaceSync | null>(null);
	/** The device's own copy had records when it loaded: no first sync to wait for. */
	heldOnDevice = $state(false);
	/** Stops adding the workspace's new documents (a new shard, a peer's new month) to the connection. */
	stopSyncingDocs = () => {};

	constructor(
		profile: WorkspaceProfile,
		readonly device: DeviceWorkspace
	) {
		this.profile = profile;
		this.presence = new Presence(new Awareness(device.workspace.docs.core));
		this.files = new BlobStore(relayOrigin(), profile.workspaceId, () => this.profile.token);
	}

	get workspace(): Workspace {
		return this.device.workspace;
	}

	/** A viewer, or a device whose storage refuses writes (a write it cannot keep is not accepted). */
	get readOnly(): boolean {
		return (this.sync.role ?? this.profile.role) === 'viewer' || this.storage.writeFailed !== null;
	}
}

function randomId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
}

export class Session {
	profiles = $state<WorkspaceProfile[]>([]);
	current = $state<OpenWorkspace | null>(null);
	opening = $state(false);
	workOffline = $state(false);
	private restored = false;

	/** Reads the device's profiles once (call from the layout on mount). */
	restore(): void {
		if (this.restored) return;
		this.restored = true;
		this.profiles = loadProfiles();
		this.workOffline = localStorage.getItem('crm:work-offline') === '1';
	}

	async createWorkspace(input: {
		name: string;
		memberName: string;
		color: string;
	}): Promise<Result> {
		const name = input.name.trim();
		const memberName = input.memberName.trim();
		if (!name) return { ok: false, message: 'Give the workspace a name.' };
		if (!memberName) return { ok: false, message: 'Tell your team your name.' };
		const workspaceId = randomId();
		const profile: WorkspaceProfile = {
			workspaceId,
			name,
			token: null,
			role: 'owner',
			memberId: crypto.randomUUID(),
			memberName,
			color: input.color,
			createdAt: Date.now(),
			knownRecords: 0
		};
		const registered = await registerWorkspace(relayOrigin(), { id: workspaceId, name });
		if (registered.ok) profile.token = registered.token;
		else if (registered.status !== 0) return { ok: false, message: registered.message };
		// status 0: the relay is unreachable — the workspace works offline and registers later.
		this.saveProfile(profile);
		await this.open(workspaceId);
		this.current?.workspace.rename(name, SETUP);
		return { ok: true, workspaceId };
	}

	async joinWorkspace(input: {
		workspaceId: string;
		token: string;
		memberName: string;
		color: string;
	}): Promise<Result> {
		const memberName = input.memberName.trim();
		if (!memberName) return { ok: false, message: 'Tell your team your name.' };
		const existing = this.profiles.find((p) => p.workspaceId === input.workspaceId);
		const answer = await getSession(relayOrigin(), input.workspaceId, input.token);
		if (!answer.ok) return { ok: false, message: answer.message };
		const profile: WorkspaceProfile = {
			workspaceId: input.workspaceId,
			name: answer.name,
			token: input.token,
			role: answer.role,
			memberId: existing?.memberId ?? crypto.randomUUID(),
			memberName,
			color: input.color,
			createdAt: existing?.createdAt ?? Date.now(),
			knownRecords: existing?.knownRecords ?? 0
		};
		this.saveProfile(profile);
		await this.open(input.workspaceId);
		return { ok: true, workspaceId: input.workspaceId };
	}

	async open(workspaceId: string): Promise<void> {
		if (this.current?.profile.workspaceId === workspaceId) return;
		const profile = this.profiles.find((p) => p.workspaceId === workspaceId);
		if (!profile) return;
		this.opening = true;
		try {
			await this.closeCurrent();
			const device = openFromDevice(workspaceId, profile.memberId);
			const opened = new OpenWorkspace(profile, device);
			device.onWriteError((error) => (opened.storage.writeFailed = error.message));
			this.current = opened;
			localStorage.setItem('crm:last-workspace', workspaceId);
			void opened.storage.requestPersistence();
			// The socket opens (and authenticates) while the local copy loads; the documents join
			// it after their local copy loaded, so the relay sends only what is new. Until then
			// the lists say "Loading…" and nothing can be written (see the pages' readOnly).
			const connection = this.connect(opened);
			try {
				const slow = Symbol('slow');
				if ((await within(device.loaded, SLOW_OPEN_MS, slow)) === slow) {
					opened.storage.slowToOpen = true;
					await device.loaded;
					opened.storage.slowToOpen = false;
				}
			} catch (err) {
				// The device's copy cannot be opened: no workspace shell waiting forever on
				// "Loading…"; the layout shows why instead.
				connection?.destroy();
				if (this.current === opened) await this.closeCurrent();
				throw err;
			}
			if (this.current !== opened) {
				connection?.destroy();
				return;
			}
			opened.connection = connection;
			this.syncDocs(opened);
			this.afterLoad(opened);
		} finally {
			this.opening = false;
		}
	}

	updateMe(input: { memberName?: string; color?: string; emails?: string[] }): void {
		const open = this.current;
		if (!open) return;
		if (input.emails && !open.readOnly)
			open.workspace.members.setEmails(open.profile.memberId, input.emails);
		const profile = { ...open.profile, ...pick(input) };
		this.saveProfile(profile);
		open.profile = profile;
		if (!open.readOnly)
			open.workspace.members.upsert({
				id: profile.memberId,
				name: profile.memberName,
				color: profile.color
			});
		open.presence.setUser({
			memberId: profile.memberId,
			name: profile.memberName,
			color: profile.color
		});
	}

	setWorkOffline(offline: boolean): void {
		this.workOffline = offline;
		localStorage.setItem('crm:work-offline', offline ? '1' : '0');
		this.current?.connection?.setWorkOffline(offline);
	}

	private connect(open: OpenWorkspace): WorkspaceSync | null {
		const { profile } = open;
		if (!profile.token) return null;
		const connection = new WorkspaceSync({
			relayUrl: relayOrigin(),
			workspaceId: profile.workspaceId,
			token: profile.token,
			awareness: open.presence.awareness,
			isLocalOrigin,
			workOffline: this.workOffline,
			onStatus: (status) => {
				// Until the documents are added (after the local load), the socket has none:
				// 'synced' would mean nothing. A refusal (a revoked invite) is shown at once.
				if (open.connection === null && status.status === 'synced') return;
				open.sync.applySoon(status, (previous) => {
					if (status.status === 'synced') this.afterSync(open, previous !== 'synced');
				});
			}
		});
		return connection;
	}

	/** Adds the workspace's documents, now and as they open, to its connection. */
	private syncDocs(open: OpenWorkspace): void {
		const connection = open.connection;
		if (!connection) return;
		const docs = open.workspace.docs;
		const stopAdding = docs.onDoc((name, doc) => connection.add(name, doc));
		const stopRemoving = docs.onClose((name) => connection.remove(name));
		open.stopSyncingDocs = () => {
			stopAdding();
			stopRemoving();
		};
	}

	private afterLoad(open: OpenWorkspace): void {
		const { workspace, profile } = open;
		// Records edited long ago are folded into one snapshot each, a document only while it is
		// in step with the relay: what a settle has not seen is then still on its author's device
		// (settled-records.ts).
		open.device.settleWhile(
			(name) => !open.readOnly && open.connection?.isSyncedNow(name) === true
		);
		if (!open.readOnly)
			workspace.members.upsert({
				id: profile.memberId,
				name: profile.memberName,
				color: profile.color
			});
		open.presence.setUser({
			memberId: profile.memberId,
			name: profile.memberName,
			color: profile.color
		});
		const count = workspace.recordCount;
		open.heldOnDevice = count > 0;
		// Fewer records than this device last held and nothing here: the browser evicted our
		// copy. Say so, and let the relay fill it, instead of showing an empty workspace.
		if (count === 0 && profile.knownRecords > 0 && open.connection)
			open.storage.restoringFromRelay = true;
		if (open.connection) open.sync.apply(open.connection.status);
		if (!profile.token) void this.registerLater(open);
		// Segment sizes over time (reports): each saved segment's size, logged once a day.
		if (!open.readOnly) keepSegmentSizeLog(workspace);
		// A campaign sent offline before a reload still leaves with the next sync.
		holdUnsentOutboxes(workspace, profile.workspaceId);
	}

	/** On every synced status (each confirmation too): keep it cheap unless the sync is new. */
	private afterSync(open: OpenWorkspace, becameSynced: boolean): void {
		// Old months this device lacks come from the relay in the background (offline use).
		const connection = open.connection;
		if (becameSynced && connection)
			void open.device
				.fill(async (name, store) => {
					const fetched = await within(
						connection.fetch(name, store),
						FETCH_LIMIT_MS,
						false as const
					);
					if (fetched === false) throw new Error(`${name} did not arrive`);
				})
				.catch(() => {}); // tried again at the next sync
		// Files attached while offline go up now (one at a time; a failure is shown on the file).
		if (becameSynced && !open.readOnly) void open.files.uploadPending();
		open.storage.restoringFromRelay = false;
		// A workspace made with the relay's CLI or API has its name only at the relay: write it
		// into the document once (every joiner writes the same value, so they converge).
		if (open.workspace.loaded && !open.workspace.name && open.profile.name && !open.readOnly)
			open.workspace.rename(open.profile.name, SETUP);
		const count = open.workspace.recordCount;
		if (count !== open.profile.knownRecords && open.workspace.loaded) {
			const profile = { ...open.profile, knownRecords: count };
			this.saveProfile(profile);
			open.profile = profile;
		}
		if (becameSynced) void open.storage.refresh(); // an estimate per keystroke is wasted I/O
	}

	/** A workspace created offline registers at the relay as soon as it can be reached. */
	private async registerLater(open: OpenWorkspace): Promise<void> {
		const registered = await registerWorkspace(relayOrigin(), {
			id: open.profile.workspaceId,
			name: open.workspace.name || open.profile.name
		});
		if (this.current !== open) return;
		if (!registered.ok) {
			// Unreachable: try again shortly, for as long as this workspace stays open.
			if (registered.status === 0) setTimeout(() => void this.registerLater(open), 15_000);
			return;
		}
		this.saveProfile({ ...open.profile, token: registered.token });
		await this.closeCurrent();
		await this.open(open.profile.workspaceId);
	}

	private async closeCurrent(): Promise<void> {
		const open = this.current;
		if (!open) return;
		this.current = null;
		open.stopSyncingDocs();
		open.connection?.destroy();
		await open.device.close();
	}

	private saveProfile(profile: WorkspaceProfile): void {
		const others = this.profiles.filter((p) => p.workspaceId !== profile.workspaceId);
		this.profiles = [...others, profile];
		saveProfiles(this.profiles);
	}
}

function pick(input: { memberName?: string; color?: string }): Partial<WorkspaceProfile> {
	const out: Partial<WorkspaceProfile> = {};
	if (input.memberName?.trim()) out.memberName = input.memberName.trim();
	if (input.color) out.color = input.color;
	return out;
}

export const session = new Session();
