/**
 * What people read when moving an attached file to or from the relay fails. The relay's own
 * `{ error }` text is for operators; the figures it holds (the size limit, usage and quota) are
 * read out of it and said in human units.
 */
import { formatBytes } from '$lib/domain/byte-size';

export type BlobOperation = 'upload' | 'download' | 'exists' | 'usage' | 'setQuota';

/** Why a call failed, for the caller to act on (retry later, stop, show). */
export type BlobFailureReason =
	| 'offline'
	| 'too_large'
	| 'over_quota'
	| 'not_allowed'
	| 'no_access'
	| 'hash_mismatch'
	| 'not_found'
	| 'refused'
	| 'relay_error';

export const ASK_OWNER = 'Ask the workspace owner for a new invite link.';

export const HASH_MISMATCH =
	'The file arrived damaged (its checksum does not match). Nothing was kept; try again.';

export function tooLargeMessage(limitBytes: number): string {
	return `This file is too large: files of up to ${formatBytes(limitBytes)} can be attached.`;
}

export function overQuotaMessage(usedBytes?: number, quotaBytes?: number): string {
	const figures =
		usedBytes !== undefined && quotaBytes !== undefined
			? ` (${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used)`
			: '';
	return `The workspace's file storage is full${figures}. Ask the workspace owner for more room.`;
}

export function offlineMessage(operation: BlobOperation): string {
	if (operation === 'upload') {
		return 'The relay could not be reached. The file is kept on this device and uploaded when the relay is back.';
	}
	if (operation === 'download') {
		return 'This file is not on this device yet, and the relay cannot be reached. Try again when you are online.';
	}
	return 'The relay could not be reached. Try again when you are online.';
}

/** The reason and message for an HTTP answer that is not a success. */
export function blobFailure(
	operation: BlobOperation,
	status: number,
	serverError = ''
): { reason: BlobFailureReason; message: string } {
	switch (status) {
		case 400:
			if (/SHA-256/.test(serverError) && operation === 'upload') {
				return { reason: 'hash_mismatch', message: HASH_MISMATCH };
			}
			return {
				reason: 'refused',
				message: `The relay did not accept this request: ${serverError}`
			};
		case 401:
			return {
				reason: 'no_access',
				message: `This link does not give access to this workspace. ${ASK_OWNER}`
			};
		case 403:
			if (/revoked/.test(serverError)) {
				return { reason: 'no_access', message: `This invite was revoked. ${ASK_OWNER}` };
			}
			return {
				reason: 'not_allowed',
				message:
					operation === 'setQuota'
						? 'Only the workspace owner can change the file storage quota.'
						: 'Viewers can open files but not attach them.'
			};
		case 404:
			if (/unknown workspace/.test(serverError)) {
				return {
					reason: 'no_access',
					message: 'This workspace does not exist on the relay.'
				};
			}
			return {
				reason: 'not_found',
				message:
					'This file is not on the relay yet: the device that attached it has not uploaded it. Try again later.'
			};
		case 413: {
			const limit = /limit of (\d+) bytes/.exec(serverError)?.[1];
			return {
				reason: 'too_large',
				message:
					limit === undefined
						? 'This file is too large for the relay.'
						: tooLargeMessage(Number(limit))
			};
		}
		case 507: {
			const figures = /(\d+) of (\d+) bytes used/.exec(serverError);
			return {
				reason: 'over_quota',
				message: figures
					? overQuotaMessage(Number(figures[1]), Number(figures[2]))
					: overQuotaMessage()
			};
		}
		default:
			return {
				reason: status >= 500 ? 'relay_error' : 'refused',
				message: `The relay could not complete this request (${status}). Try again later.`
			};
	}
}
