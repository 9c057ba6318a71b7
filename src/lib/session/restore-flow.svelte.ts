/**
 * Restoring a backup file into a new workspace: the file is read and checked first (format,
 * version, checksum); a good backup is then described (its name, how many records) and only
 * once the user confirms does it create a workspace and write its records.
 */
import { checkFileSize } from '$lib/domain/import/decode';
import { parseBackup } from '$lib/domain/import/backup';
import type { Backup } from '$lib/domain/export/backup';
import { restoreBackup, type KeepFile, type RestoreResult } from '$lib/data/backup-restore';
import type { ChunkProgress } from '$lib/data/import-run';
import type { Workspace } from '$lib/data/workspace.svelte';

export type CreateWorkspace = (
	name: string
) => Promise<
	| { ok: true; workspace: Workspace; keepFile?: KeepFile; afterRestore?: () => void }
	| { ok: false; message: string }
>;

export interface RestoreOptions {
	createWorkspace: CreateWorkspace;
	chunkSize?: number;
	pause?: () => Promise<void>;
}

/** A checked backup waiting for the user's word: what restoring it will make. */
export interface PendingRestore {
	fileName: string;
	workspaceName: string;
	people: number;
	organizations: number;
}

export class RestoreFlow {
	status = $state<'idle' | 'reading' | 'confirm' | 'restoring' | 'done'>('idle');
	error = $state<string | null>(null);
	pending = $state.raw<PendingRestore | null>(null);
	#backup: Backup | null = null;
	progress = $state.raw<ChunkProgress | null>(null);
	result = $state.raw<(RestoreResult & { workspaceName: string }) | null>(null);

	constructor(private readonly opts: RestoreOptions) {}

	get busy(): boolean {
		return this.status === 'reading' || this.status === 'restoring';
	}

	/** Reads and checks a backup file; a good one waits for confirm() (or cancel()). */
	async restore(file: File): Promise<void> {
		if (this.busy) return;
		this.error = null;
		this.result = null;
		this.progress = null;
		this.pending = null;
		this.#backup = null;
		const sizeError = checkFileSize(file.size);
		if (sizeError) return this.fail(sizeError.replace('can be imported', 'can be restored'));
		this.status = 'reading';
		let text: string;
		try {
			text = await file.text();
		} catch (err) {
			return this.fail(`The file could not be read: ${err instanceof Error ? err.message : err}`);
		}
		const parsed = await parseBackup(text);
		if (!parsed.ok) return this.fail(parsed.error);

		this.#backup = parsed.backup;
		this.pending = {
			fileName: file.name,
			workspaceName: `${parsed.backup.workspace.name || 'Workspace'} (restored)`,
			people: parsed.backup.people.length,
			organizations: parsed.backup.organizations.length
		};
		this.status = 'confirm';
	}

	/** Drops the checked backup: nothing was created. */
	cancel(): void {
		if (this.status !== 'confirm') return;
		this.#backup = null;
		this.pending = null;
		this.status = 'idle';
	}

	/** Creates the new workspace and writes the confirmed backup into it. */
	async confirm(): Promise<void> {
		const backup = this.#backup;
		const pending = this.pending;
		if (this.status !== 'confirm' || !backup || !pending) return;
		this.#backup = null;
		this.pending = null;
		const { workspaceName } = pending;
		this.status = 'restoring';
		const created = await this.opts.createWorkspace(workspaceName);
		if (!created.ok) return this.fail(`No workspace could be created: ${created.message}`);
		const result = await restoreBackup(created.workspace, backup, {
			chunkSize: this.opts.chunkSize,
			pause: this.opts.pause,
			onProgress: (p) => (this.progress = p),
			keepFile: created.keepFile
		});
		created.afterRestore?.();
		this.result = { ...result, workspaceName };
		this.status = 'done';
	}

	private fail(message: string): void {
		this.error = message;
		this.status = 'idle';
	}
}
