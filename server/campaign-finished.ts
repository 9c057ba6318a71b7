// Which campaign outboxes the relay is done with, per workspace, so a start reads only the others:
// a relay with years of campaigns read every one of them (thousands of messages each) before
// sending anything. DATA_DIR/campaigns/<workspaceId>.finished, the done campaigns' ids as JSON,
// replaced whole (atomic-file.ts).
//
// It lists the finished, not the unfinished: an outbox the relay has not judged yet (stored just
// before a crash) is in no list and is read. A change a client makes to a finished outbox takes it
// out of the list synchronously, before the room stores the change (rooms notify their watchers
// as they apply an update, and append it after), so a crash in between never leaves a change
// unread. A missing or unreadable file means "read everything", as before the index existed.
import fs from 'node:fs';
import path from 'node:path';
import { readFileIfAny, writeFileAtomic } from './atomic-file.ts';
import { log } from './log.ts';

export class FinishedOutboxes {
	private readonly byWorkspace = new Map<string, Set<string>>();

	constructor(private readonly dir: string) {}

	has(workspaceId: string, campaignId: string): boolean {
		return this.ids(workspaceId).has(campaignId);
	}

	/** Marks the campaign done: on disk when this returns. */
	add(workspaceId: string, campaignId: string): void {
		const ids = this.ids(workspaceId);
		if (ids.has(campaignId)) return;
		ids.add(campaignId);
		this.write(workspaceId, ids);
	}

	/** The campaign is to be read again (a change came): on disk when this returns. */
	remove(workspaceId: string, campaignId: string): void {
		const ids = this.ids(workspaceId);
		if (!ids.delete(campaignId)) return;
		this.write(workspaceId, ids);
	}

	private file(workspaceId: string): string {
		return path.join(this.dir, `${workspaceId}.finished`);
	}

	private ids(workspaceId: string): Set<string> {
		let ids = this.byWorkspace.get(workspaceId);
		if (!ids) {
			ids = new Set(this.read(workspaceId));
			this.byWorkspace.set(workspaceId, ids);
		}
		return ids;
	}

	private read(workspaceId: string): string[] {
		try {
			const text = readFileIfAny(this.file(workspaceId));
			const value: unknown = text ? JSON.parse(text) : [];
			if (Array.isArray(value) && value.every((id) => typeof id === 'string')) return value;
		} catch {
			// below: read everything
		}
		log('campaign_finished_unreadable', { workspaceId });
		return [];
	}

	private write(workspaceId: string, ids: Set<string>): void {
		fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
		writeFileAtomic(this.file(workspaceId), JSON.stringify([...ids].sort()) + '\n', 0o600);
	}
}
