/**
 * Dropped e-mail files logged as interactions in the open workspace (data/email-log.ts), with
 * its file store for their attachments, and the senders nobody knew added as people.
 */
import { interaction } from '$lib/domain/record-types';
import { logEmailFiles, type EmailLogReport } from '$lib/data/email-log';
import { readEmailFile } from '$lib/workers/email-reader';
import type { OpenWorkspace } from './session.svelte';
import { untilLoaded } from './until-loaded';

export type { EmailLogReport };

export interface EmailLink {
	personIds?: string[];
	organizationId?: string | null;
	dealId?: string | null;
	requestId?: string | null;
}

/** How long a drop waits for the workspace to load before its files are refused. */
const LOAD_LIMIT_MS = 10_000;

/**
 * Logs the files once the workspace has loaded (waiting for it, bounded): the senders are
 * matched against every person this device holds, not the few read so far.
 */
export async function logEmails(
	open: OpenWorkspace,
	files: readonly File[],
	linkTo: EmailLink | undefined,
	onProgress: (done: number, total: number) => void
): Promise<EmailLogReport> {
	const ws = open.workspace;
	await untilLoaded(ws, LOAD_LIMIT_MS); // still loading after it: data/email-log refuses, says so
	return logEmailFiles(
		ws,
		files.map((file) => ({ name: file.name, read: () => file.arrayBuffer() })),
		{
			linkTo,
			ownAddresses: ws.members.get(open.profile.memberId)?.emails ?? [],
			onProgress,
			read: readEmailFile,
			pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
			async keepFile(bytes, name, type) {
				const added = await open.files.add(
					new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
					type
				);
				if (!added.ok) return { ok: false, message: added.message };
				void open.files.uploadPending();
				return { ok: true, hash: added.hash, size: added.size, type: added.type };
			}
		}
	).finally(() => ws.undo.stopCapturing());
}

/** Adds these senders and recipients as people, linked to the emails they took part in. */
export function addPeopleFromEmails(
	open: OpenWorkspace,
	chosen: readonly { address: string; name: string; interactionIds: string[] }[]
): string[] {
	const ws = open.workspace;
	const repo = ws.repo(interaction);
	const created: string[] = [];
	ws.undo.group(() => {
		for (const entry of chosen) {
			const [firstName, ...rest] = splitName(entry.name, entry.address);
			const id = ws.people.create({
				firstName,
				lastName: rest.join(' '),
				emails: [{ label: 'work', value: entry.address }],
				ownerId: ws.me,
				source: 'email'
			});
			created.push(id);
			for (const interactionId of entry.interactionIds) {
				const current = repo.get(interactionId)?.record.personIds ?? [];
				if (!current.includes(id)) repo.update(interactionId, { personIds: [...current, id] });
			}
		}
	});
	return created;
}

/** 'Müller, Jürgen' and 'Jürgen Müller' → ['Jürgen', 'Müller']; no name: the address's local part. */
export function splitName(name: string, address: string): string[] {
	const clean = name.replace(/["']/g, '').trim();
	if (!clean) return [address.split('@')[0]];
	const comma = /^([^,]+),\s*(.+)$/.exec(clean);
	if (comma) return [comma[2], comma[1]];
	return clean.split(/\s+/);
}
