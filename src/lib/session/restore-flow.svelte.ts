/**
 * Restoring a backup file into a new workspace: the file is read and checked first (format,
 * version, checksum), and only a good backup creates a workspace and writes its records.
 */
import { checkFileSize } from '$lib/domain/import/decode';
import { parseBackup } from '$lib/domain/import/backup';
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

export class RestoreFlow {
	status = $state<'idle' | 'reading' | 'restoring' | 'done'>('idle');
	error = $state<string | null>(null);
	progress = $state.raw<ChunkProgress | null>(null);
	result = $state.raw<(RestoreResult & { workspaceName: string }) | null>(null);

	constructor(private readonly opts: RestoreOptions) {}

	get busy(): boolean {
		return this.status === 'reading' || this.status === 'restoring';
	}

	async restore(file: File): Promise<void> {
		if (this.busy) return;
		this.error = null;
		this.result = null;
		this.progress = null;
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

		const workspaceName = `${parsed.backup.workspace.name || 'Workspace'} (restored)`;
		this.status = 'restoring';
		const created = await this.opts.createWorkspace(workspaceName);
		if (!created.ok) return this.fail(`No workspace could be created: ${created.message}`);
		const result = await restoreBackup(created.workspace, parsed.backup, {
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
