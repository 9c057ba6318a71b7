/**
 * What Attachments.svelte needs of a workspace's file store. The session hands it the data
 * layer's BlobStore, which has this shape; ui/ names only the shape, so data/ stays free to
 * reorganise behind it.
 */

import { relativeTime } from './relative-time';

export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string; message: string };

export interface AttachmentStore {
	/** Keeps the file on the device (offline too) and describes it; refuses one too large. */
	add(file: Blob, type?: string): Promise<Outcome<{ hash: string; size: number; type: string }>>;
	/** The file's bytes: from the device, else downloaded and checked. */
	get(hash: string, type?: string): Promise<Outcome<{ blob: Blob }>>;
	/** Whether the file's bytes are on this device. */
	has(hash: string): Promise<boolean>;
	/** The files not uploaded yet. */
	pending(): Promise<{ hash: string }[]>;
	uploadPending(): Promise<unknown>;
	/** Why the file's last upload failed (offline is not a failure: it only waits). */
	uploadError(hash: string): string | null;
	/** Called after files are added or uploaded; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
}

export interface AttachedFile {
	hash: string;
	name: string;
	type: string;
	size: number;
	addedBy?: string;
	addedAt?: number;
}

/** "added by Dana, 5 minutes ago": who attached the file and when, as far as it is known. */
export function addedLine(
	file: AttachedFile,
	now: number,
	memberName?: (id: string) => string
): string {
	const who = file.addedBy ? (memberName?.(file.addedBy) ?? file.addedBy) : '';
	const when = file.addedAt ? relativeTime(file.addedAt, now) : '';
	if (who && when) return `added by ${who}, ${when}`;
	if (who) return `added by ${who}`;
	return when ? `added ${when}` : '';
}

/** Saves a Blob under `name` through a temporary link: a download, never a page of ours. */
export function saveBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	// A download, not a navigation: an attached HTML or SVG file must never run as our origin.
	link.download = name;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	// The browser has started reading it; the URL is let go once it surely has.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
