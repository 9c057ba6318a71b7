/**
 * A campaign (issue #16): a personalised mail shot to a saved segment, sent once. Its subject
 * and body are Y.Texts (textFields), typed by several people at once; everything else is plain
 * fields. Sending freezes the recipients into the campaign's outbox document (data/
 * campaign-outbox.ts) and sets `sentAt`: from then on the template is read-only.
 * A record type, so history, undo, "Recently deleted", search and the backup come with it.
 */
import type { RecordIssue, Validated } from '../issues';
import { keepAsIs } from '../merge';
import { describeRaw } from '../describe-raw';
import { moment, nonNegative, oneOf, optionalId, text } from '../coerce';
import { currencyCode, DEFAULT_CURRENCY } from '../orders/values';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { asRecord } from '../validate';
import { declareRecordType } from './declaration';

export const CAMPAIGN_CHANNELS = ['email', 'letter'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export const CHANNEL_LABELS: Record<CampaignChannel, string> = {
	email: 'E-mail',
	letter: 'Letter (print or mail merge)'
};

/** Revenue counts orders placed this many days after the send, unless the campaign says. */
export const DEFAULT_WINDOW_DAYS = 30;
const MAX_WINDOW_DAYS = 3650;

export interface CampaignFields {
	name: string;
	/** The saved segment whose members it goes to (frozen at the send). */
	segmentId: string | null;
	channel: CampaignChannel;
	/** The sender's name on the e-mails ("Trattoria Verde"). */
	fromName: string;
	costFixed: number;
	costPerRecipient: number;
	currency: string;
	/** Orders within this many days after the send count as its revenue. */
	windowDays: number;
	/** When it was sent (the recipients frozen), or null: still a draft. */
	sentAt: number | null;
	sentBy: string | null;
	/** How many it went to, and how many of them had ordered before (for results without
	 * opening the outbox). */
	recipientCount: number;
	existingCustomerCount: number;
}

export interface CampaignRow {
	id: string;
	name: string;
	segmentId: string | null;
	channel: CampaignChannel;
	sentAt: number | null;
	recipientCount: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const CAMPAIGN_FIELD_LABELS: Record<keyof CampaignFields, string> = {
	name: 'Name',
	segmentId: 'Segment',
	channel: 'Channel',
	fromName: 'Sender name',
	costFixed: 'Fixed cost',
	costPerRecipient: 'Cost per recipient',
	currency: 'Currency',
	windowDays: 'Revenue window (days)',
	sentAt: 'Sent',
	sentBy: 'Sent by',
	recipientCount: 'Recipients',
	existingCustomerCount: 'Recipients who had ordered before'
};

export function emptyCampaign(): CampaignFields {
	return {
		name: '',
		segmentId: null,
		channel: 'email',
		fromName: '',
		costFixed: 0,
		costPerRecipient: 0,
		currency: DEFAULT_CURRENCY,
		windowDays: DEFAULT_WINDOW_DAYS,
		sentAt: null,
		sentBy: null,
		recipientCount: 0,
		existingCustomerCount: 0
	};
}

export function campaignName(c: Pick<CampaignFields, 'name'>): string {
	return c.name.trim() || 'Untitled campaign';
}

function windowDays(raw: unknown, issues: RecordIssue[]): number {
	if (raw === undefined || raw === null) return DEFAULT_WINDOW_DAYS;
	if (Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= MAX_WINDOW_DAYS)
		return raw as number;
	issues.push({
		field: 'windowDays',
		message: `${CAMPAIGN_FIELD_LABELS.windowDays}: expected whole days from 1 to ${MAX_WINDOW_DAYS}, found ${describeRaw(raw)}; showing ${DEFAULT_WINDOW_DAYS}.`,
		raw
	});
	return DEFAULT_WINDOW_DAYS;
}

function count(raw: unknown, field: keyof CampaignFields, issues: RecordIssue[]): number {
	const n = nonNegative(raw, field, CAMPAIGN_FIELD_LABELS[field], issues) ?? 0;
	return Math.floor(n);
}

/** Validation on read: whatever a peer stored, a complete campaign and every problem found. */
export function validateCampaign(raw: unknown): Validated<CampaignFields> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'campaign', issues);
	const L = CAMPAIGN_FIELD_LABELS;
	const value: CampaignFields = {
		name: text(r.name, 'name', L.name, issues),
		segmentId: optionalId(r.segmentId, 'segmentId', L.segmentId, issues),
		channel: oneOf(r.channel, CAMPAIGN_CHANNELS, 'email', 'email', 'channel', L.channel, issues),
		fromName: text(r.fromName, 'fromName', L.fromName, issues),
		costFixed: nonNegative(r.costFixed, 'costFixed', L.costFixed, issues) ?? 0,
		costPerRecipient:
			nonNegative(r.costPerRecipient, 'costPerRecipient', L.costPerRecipient, issues) ?? 0,
		currency: currencyCode(r.currency, L.currency, issues),
		windowDays: windowDays(r.windowDays, issues),
		sentAt: moment(r.sentAt, 'sentAt', L.sentAt, issues),
		sentBy: optionalId(r.sentBy, 'sentBy', L.sentBy, issues),
		recipientCount: count(r.recipientCount, 'recipientCount', issues),
		existingCustomerCount: count(r.existingCustomerCount, 'existingCustomerCount', issues)
	};
	return { value, issues };
}

export const campaign = declareRecordType<CampaignFields, CampaignRow, 'campaign', 'campaigns'>({
	name: 'campaign',
	collection: 'campaigns',
	nouns: ['campaign', 'campaigns'],
	labels: CAMPAIGN_FIELD_LABELS,
	empty: emptyCampaign,
	validate: validateCampaign,
	// Subject and body merge character by character, like notes.
	textFields: ['notes', 'subject', 'body'],
	displayName: campaignName,
	row(id, c, updatedAt, hasIssues, _defs, lookup) {
		const name = campaignName(c);
		return {
			id,
			name,
			segmentId: lookup.intern(c.segmentId),
			channel: c.channel,
			sentAt: c.sentAt,
			recipientCount: c.recipientCount,
			updatedAt,
			hasIssues,
			search: searchText([name, c.fromName])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		channel: { type: 'choice', label: 'Channel' },
		sentAt: { type: 'date', label: 'Sent' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		sort: { field: 'updatedAt', dir: 'desc' },
		filters: [{ field: 'channel', label: 'Channel', values: CAMPAIGN_CHANNELS }]
	},
	relations: [],
	// Two campaigns are two mail shots: merging keeps the kept one as it is.
	merge: keepAsIs,
	// Two campaigns of one name are the team's to tell apart: not offered as duplicates.
	duplicates: { from: 'rows', find: () => [] }
});
