/**
 * The sent campaigns as the campaign reports read them (domain/reports/campaign-reports.ts):
 * each campaign record's costs and window with its outbox's recipients and responses. The
 * outboxes of sent campaigns are held open for as long as the workspace is (a handful of
 * documents), so a report and the Results view read them live; the buying patterns give each
 * recipient's orders.
 */
import type { Workspace } from '$lib/data/workspace.svelte';
import { campaign } from '$lib/domain/record-types';
import type { CampaignInput, SentCampaign } from '$lib/domain/reports/campaign-reports';
import type { ResponseKind } from '$lib/domain/campaigns/outbox';
import { campaignResults, type CampaignResults } from '$lib/domain/campaigns/results';
import { openOutbox, recipientOrders, type CampaignOutbox } from './campaigns.svelte';
import { rateIndexOf } from './forecast';
import { purchaseProfiles } from './purchases';

const held = new WeakMap<Workspace, Map<string, CampaignOutbox>>();

function outboxOf(ws: Workspace, id: string): CampaignOutbox {
	let byId = held.get(ws);
	if (!byId) {
		const map = (byId = new Map());
		held.set(ws, map);
		ws.docs.core.once('destroy', () => {
			for (const o of map.values()) o.release();
		});
	}
	let o = byId.get(id);
	if (!o) byId.set(id, (o = openOutbox(ws, id)));
	return o;
}

/** Every sent campaign (reactive: campaign rows, their outboxes). */
export function sentCampaigns(ws: Workspace): SentCampaign[] {
	const out: SentCampaign[] = [];
	for (const row of ws.live(campaign).rows) {
		if (row.sentAt === null) continue;
		const c = ws.repo(campaign).get(row.id)?.record;
		if (!c || c.sentAt === null) continue;
		const outbox = outboxOf(ws, row.id);
		const responses = new Map<string, ResponseKind>();
		for (const [personId, r] of outbox.responses.values) responses.set(personId, r.kind);
		out.push({
			id: row.id,
			name: c.name,
			sentAt: c.sentAt,
			windowDays: c.windowDays,
			costFixed: c.costFixed,
			costPerRecipient: c.costPerRecipient,
			currency: c.currency,
			recipientIds: [...outbox.messages.values.keys()],
			responses
		});
	}
	return out;
}

/** Every sent campaign's result in the workspace currency, newest send first (reactive:
 * campaigns, outboxes, orders, rates) — the Results view, converted as the reports are. */
export function sentCampaignResults(ws: Workspace): CampaignResults<SentCampaign> {
	void purchaseProfiles(ws).version; // recomputed as orders change
	const list = sentCampaigns(ws).sort((a, b) => b.sentAt - a.sentAt || (a.id < b.id ? -1 : 1));
	return campaignResults(list, recipientOrders(ws), rateIndexOf(ws));
}

/** What the campaign reports read, as getters the report input carries. */
export const campaignInputGetters = (ws: Workspace) => ({
	campaigns: (): CampaignInput['campaigns'] => sentCampaigns(ws),
	recipientOrders: (): CampaignInput['recipientOrders'] => {
		const p = purchaseProfiles(ws);
		void p.version;
		return p.ready ? recipientOrders(ws) : undefined;
	}
});
