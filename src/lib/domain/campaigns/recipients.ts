/**
 * Who a campaign reaches: a segment's members, less those it must not or cannot reach, each
 * left out with the reason the screen lists. Unsubscribed first (they said so through a
 * campaign's link), then no marketing consent (anything but 'granted'), then no address for
 * the channel (an e-mail, or a postal address with a street or city for a letter).
 */
import type { ConsentState } from '../records';
import type { CampaignChannel } from '../record-types/campaign';

export const EXCLUSION_REASONS = ['unsubscribed', 'no-consent', 'no-address'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
	unsubscribed: 'Unsubscribed',
	'no-consent': 'No marketing consent',
	'no-address': 'No address'
};

export interface Reachable {
	id: string;
	consent: ConsentState;
	/** The first e-mail ('' when none). */
	email: string;
	/** Whether a postal address is known (street or city). */
	hasPostalAddress: boolean;
}

export interface Audience<T extends Reachable> {
	recipients: T[];
	excluded: { person: T; reason: ExclusionReason }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why `p` is left out of a campaign on `channel`, or null: it goes to them. */
export function exclusionOf(
	p: Reachable,
	channel: CampaignChannel,
	unsubscribed: ReadonlySet<string>
): ExclusionReason | null {
	if (unsubscribed.has(p.id)) return 'unsubscribed';
	if (p.consent !== 'granted') return 'no-consent';
	if (channel === 'email' ? !EMAIL.test(p.email.trim()) : !p.hasPostalAddress) return 'no-address';
	return null;
}

/** Splits members into recipients and the left out, keeping their order. */
export function audienceOf<T extends Reachable>(
	members: readonly T[],
	channel: CampaignChannel,
	unsubscribed: ReadonlySet<string>
): Audience<T> {
	const recipients: T[] = [];
	const excluded: { person: T; reason: ExclusionReason }[] = [];
	for (const p of members) {
		const reason = exclusionOf(p, channel, unsubscribed);
		if (reason) excluded.push({ person: p, reason });
		else recipients.push(p);
	}
	return { recipients, excluded };
}
