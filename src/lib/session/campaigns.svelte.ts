/**
 * Campaigns for pages (issue #16): create one, open its outbox, work out its audience from its
 * saved segment, render a recipient's message, send (freeze the recipients into the outbox),
 * and what all sent campaigns returned. The template engine and the maths are the domain's
 * (domain/campaigns/); the outbox document is data/campaign-outbox.ts.
 */
import { CampaignOutbox } from '$lib/data/campaign-outbox';
import { Slices } from '$lib/data/slices';
import { unsubscribedAmong } from '$lib/data/unsubscribed';
import type { Workspace } from '$lib/data/workspace.svelte';
import { campaign, person, type PersonRow } from '$lib/domain/record-types';
import type { CampaignChannel, CampaignFields } from '$lib/domain/record-types/campaign';
import { mergeFields, mergeValues, type MergeField } from '$lib/domain/campaigns/merge-fields';
import { audienceOf, type Audience, type ExclusionReason } from '$lib/domain/campaigns/recipients';
import type { CheckedTemplate } from '$lib/domain/campaigns/template';
import type { OutboxMessage, ResponseKind } from '$lib/domain/campaigns/outbox';
import {
	campaignResults,
	type CampaignResult,
	type RecipientOrders
} from '$lib/domain/campaigns/results';
import type { Address } from '$lib/domain/records';
import { rateIndexOf } from './forecast';
import { purchaseProfiles } from './purchases';
import { segmentMembers } from './segments';

export type { CampaignOutbox } from '$lib/data/campaign-outbox';

/** A campaign's id: 32 hex digits, so `campaign-outbox.<id>` is a valid document name. */
export function newCampaignId(): string {
	return crypto.randomUUID().replaceAll('-', '');
}

/** Adds a draft campaign; returns its id. */
export function createCampaign(ws: Workspace, fields: Partial<CampaignFields>): string {
	return ws.repo(campaign).createWithId(newCampaignId(), fields);
}

/** The campaign's outbox, held open until `release()` (the page's lifetime). */
export function openOutbox(ws: Workspace, campaignId: string): CampaignOutbox {
	return new CampaignOutbox(ws, campaignId);
}

/** The merge fields a template may use in this workspace (reactive: custom fields): a
 * campaign goes to a saved segment of people, so theirs. */
export function campaignMergeFields(ws: Workspace): (MergeField & { id?: string })[] {
	return mergeFields(ws.customFields.forEntity(person.name));
}

/** A member of the segment, as the audience sees them. */
export interface Member {
	id: string;
	row: PersonRow;
	consent: PersonRow['consent'];
	email: string;
	hasPostalAddress: boolean;
}

/** The segment's members now, split into recipients and the left out (reactive); null: no
 * segment, or the workspace is still loading. */
export function campaignAudience(
	ws: Workspace,
	segmentId: string | null,
	channel: CampaignChannel
): Audience<Member> | null {
	// Not before the device's copy is in: the members are looked up among the live rows, empty
	// while cached ones show, and a campaign must not be frozen from rows still loading.
	if (!segmentId || !ws.loaded) return null;
	const members = segmentMembers(ws, segmentId);
	if (!members.exists) return null;
	const live = ws.live(person);
	const list: Member[] = [];
	const refused: string[] = [];
	for (const id of members.ids) {
		const row = live.row(id);
		if (!row) continue;
		if (row.consent === 'refused') refused.push(id);
		list.push({
			id,
			row,
			consent: row.consent,
			email: row.email,
			hasPostalAddress: row.city !== '' || row.postcode !== ''
		});
	}
	list.sort((a, b) => a.row.name.localeCompare(b.row.name) || a.id.localeCompare(b.id));
	return audienceOf(list, channel, unsubscribedAmong(ws, refused));
}

/** One recipient's merge values (their person row and purchases). */
export function recipientValues(
	ws: Workspace,
	row: PersonRow,
	fields: readonly (MergeField & { id?: string })[]
): Record<string, string> {
	return mergeValues(row, purchaseProfiles(ws).get(row.id), fields);
}

/** The person's first postal address as letter lines ('' parts left out). */
export function postalLines(a: Address | undefined): string[] {
	if (!a) return [];
	const place = [a.postcode, a.city].filter((x) => x.trim() !== '').join(' ');
	return [a.street, place, a.region, a.country].map((x) => x.trim()).filter((x) => x !== '');
}

/** The postal address of a person (for letters), read from their record. */
export function postalAddressOf(ws: Workspace, personId: string): string[] {
	return postalLines(ws.people.get(personId)?.record.addresses[0]);
}

export interface SendOutcome {
	recipients: number;
	excluded: number;
}

export interface SendOptions {
	now?: number;
	/** Where rendering pauses for the page (default: ~12 ms slices between frames). */
	slices?: Slices;
	/** Messages rendered so far, of how many: Send's progress line. */
	onProgress?: (done: number, total: number) => void;
}

/** The next frame, or 100 ms when frames stop (a hidden tab): a pause never waits forever. */
function nextFrame(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestAnimationFrame === 'function')
			requestAnimationFrame(() => setTimeout(resolve, 0));
		setTimeout(resolve, 100);
	});
}

function refusal(ws: Workspace, campaignId: string, outbox: CampaignOutbox): string | null {
	const view = ws.repo(campaign).get(campaignId);
	if (!view || view.deleted) return 'This campaign was deleted.';
	if (view.record.sentAt !== null || outbox.request) return 'This campaign was sent already.';
	return null;
}

/**
 * Sends the campaign: every recipient's message rendered now (what the preview showed), the
 * left out with their reason, written to the outbox with the request; the campaign notes when
 * and by whom, as bookkeeping (undo must not unsend it). A letter campaign freezes the same way
 * without a request (the relay sends nothing; the letters are printed). Refused with a reason
 * when it cannot be sent. Rendering runs in slices between frames (8k messages in one task held
 * the page 1–2 s); the outbox is written in one transaction at the end, so a half-rendered
 * send never reaches the relay, and a send made meanwhile on another device is not doubled.
 */
export async function sendCampaign(
	ws: Workspace,
	campaignId: string,
	outbox: CampaignOutbox,
	template: CheckedTemplate,
	audience: Audience<Member>,
	{ now = Date.now(), slices = new Slices(nextFrame), onProgress }: SendOptions = {}
): Promise<SendOutcome> {
	const refused = refusal(ws, campaignId, outbox);
	if (refused) throw new Error(refused);
	const c = ws.repo(campaign).get(campaignId)!.record;
	if (template.problems.length > 0) throw new Error('Fix the template first.');
	if (audience.recipients.length === 0) throw new Error('Nobody in the segment can be reached.');
	const fields = campaignMergeFields(ws);
	const profiles = purchaseProfiles(ws);
	const messages = new Map<string, OutboxMessage>();
	let existing = 0;
	const total = audience.recipients.length;
	for (const r of audience.recipients) {
		const m = template.render(recipientValues(ws, r.row, fields));
		const to = c.channel === 'email' ? r.email.trim() : postalAddressOf(ws, r.id).join('\n');
		messages.set(r.id, { to, name: r.row.name, ...m });
		const first = profiles.get(r.id)?.firstOrderAt ?? 0;
		if (first > 0 && first < now) existing++;
		if (slices.due()) {
			onProgress?.(messages.size, total);
			await slices.pause();
		}
	}
	onProgress?.(messages.size, total);
	// Sent or deleted on another device while this one rendered: nothing is written.
	const late = refusal(ws, campaignId, outbox);
	if (late) throw new Error(late);
	const excluded = new Map<string, ExclusionReason>(
		audience.excluded.map((e) => [e.person.id, e.reason])
	);
	const request = { requestedAt: now, requestedBy: ws.me, from: { name: c.fromName || ws.name } };
	outbox.send(c.channel === 'email' ? request : null, messages, excluded);
	// Held until the workspace closes: sent offline, it leaves with the next sync even if the
	// page is left (a closed document is not synced).
	ws.holdMonths([outbox.name]);
	ws.repo(campaign).setBookkeeping(campaignId, {
		sentAt: now,
		sentBy: ws.me,
		recipientCount: messages.size,
		existingCustomerCount: existing
	});
	return { recipients: messages.size, excluded: excluded.size };
}

/** A recipient's orders as the purchases profiles know them (every counted line). */
export function recipientOrders(ws: Workspace): (personId: string) => RecipientOrders | undefined {
	const profiles = purchaseProfiles(ws);
	return (id) => {
		const p = profiles.get(id);
		return p ? { orders: p.purchases, firstOrderAt: p.firstOrderAt } : undefined;
	};
}

/** What a sent campaign returned, every amount in the workspace currency `currency`; `result`
 * is null when the campaign's currency had no rate on its send day. */
export interface CampaignReturn {
	currency: string;
	result: CampaignResult | null;
}

/** What a sent campaign returned: its recipients, responses and their orders, its costs at the
 * send day's rate (reactive: orders, rates). */
export function campaignReturn(
	ws: Workspace,
	id: string,
	c: CampaignFields,
	outbox: CampaignOutbox
): CampaignReturn | null {
	if (c.sentAt === null) return null;
	void purchaseProfiles(ws).version; // recomputed as orders change
	const responses = new Map<string, ResponseKind>();
	for (const [personId, r] of outbox.responses.values) responses.set(personId, r.kind);
	const sent = { ...c, id, sentAt: c.sentAt, recipientIds: [...outbox.messages.values.keys()] };
	const r = campaignResults([{ ...sent, responses }], recipientOrders(ws), rateIndexOf(ws));
	return { currency: r.currency, result: r.results[0]?.result ?? null };
}
