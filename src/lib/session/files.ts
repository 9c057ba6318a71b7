/**
 * The workspace's attached files at the relay: how much room they take, and (for the owner)
 * how much they may take. Pages reach the relay's file API only through here.
 */
import { blobUsage, setBlobQuota } from '$lib/sync/blob-api';
import { relayOrigin } from './relay-origin';
import type { OpenWorkspace } from './session.svelte';

export type FilesUsage =
	{ ok: true; usedBytes: number; quotaBytes: number } | { ok: false; message: string };

const NOT_REGISTERED: FilesUsage = {
	ok: false,
	message:
		'This workspace is not registered at the relay yet: files are kept on this device until it is.'
};

export async function filesUsage(open: OpenWorkspace): Promise<FilesUsage> {
	const token = open.profile.token;
	if (!token) return NOT_REGISTERED;
	const r = await blobUsage(relayOrigin(), open.profile.workspaceId, token);
	return r.ok ? { ok: true, usedBytes: r.usedBytes, quotaBytes: r.quotaBytes } : r;
}

export async function setFilesQuota(open: OpenWorkspace, quotaBytes: number): Promise<FilesUsage> {
	const token = open.profile.token;
	if (!token) return NOT_REGISTERED;
	const r = await setBlobQuota(relayOrigin(), open.profile.workspaceId, token, quotaBytes);
	return r.ok ? { ok: true, usedBytes: r.usedBytes, quotaBytes: r.quotaBytes } : r;
}
