/**
 * Send renders every message in slices, reporting its progress, and writes the outbox once at
 * the end: nothing of a half-rendered send is in the outbox (which the relay would send), and a
 * send made on another device meanwhile is not doubled.
 */
import { describe, expect, it } from 'vitest';
import { Slices } from '$lib/data/slices';
import { Workspace } from '$lib/data/workspace.svelte';
import { checkTemplate } from '$lib/domain/campaigns/template';
import { campaign } from '$lib/domain/record-types';
import {
	campaignAudience,
	campaignMergeFields,
	createCampaign,
	openOutbox,
	sendCampaign
} from './campaigns.svelte';
import { savedSegmentsOf } from './segments';

const PEOPLE = 40;

function setUp() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	for (let i = 0; i < PEOPLE; i++)
		ws.people.create({
			firstName: `Guest${i}`,
			emails: [{ label: 'work', value: `guest${i}@example.com` }],
			consent: 'granted',
			interests: ['vegetarian']
		});
	const segmentId = savedSegmentsOf(ws).create('Vegetarians', {
		match: 'all',
		children: [{ field: 'interests', op: 'has_any_of', value: ['vegetarian'] }]
	});
	const id = createCampaign(ws, { name: 'New menu', segmentId, channel: 'email' });
	const outbox = openOutbox(ws, id);
	const keys = campaignMergeFields(ws).map((f) => f.key);
	const template = checkTemplate('Hello {{ firstName }}', 'Dear {{ firstName }}', keys);
	const audience = campaignAudience(ws, segmentId, 'email')!;
	return { ws, id, outbox, template, audience };
}

/** A slice per message: every step pauses (as a slow device would). */
const everyStep = () => new Slices(() => Promise.resolve(), 0);

describe('sending a campaign in slices', () => {
	it('reports its progress and writes nothing until every message is rendered', async () => {
		const { ws, id, outbox, template, audience } = setUp();
		expect(audience.recipients).toHaveLength(PEOPLE);
		const seen: [number, number, number][] = [];
		const done = await sendCampaign(ws, id, outbox, template, audience, {
			slices: everyStep(),
			onProgress: (n, total) => seen.push([n, total, outbox.messages.values.size])
		});
		expect(done).toEqual({ recipients: PEOPLE, excluded: 0 });
		expect(seen.length).toBeGreaterThan(PEOPLE / 2);
		expect(seen.every(([, total, written]) => total === PEOPLE && written === 0)).toBe(true);
		expect(seen.map(([n]) => n)).toEqual([...seen.map(([n]) => n)].sort((a, b) => a - b));
		expect(seen.at(-1)![0]).toBe(PEOPLE);
		expect(outbox.messages.values.size).toBe(PEOPLE);
		expect(outbox.request?.requestedBy).toBe('me');
		expect(outbox.messages.values.get(audience.recipients[0].id)?.text).toBe('Dear Guest0');
		expect(ws.repo(campaign).get(id)!.record.recipientCount).toBe(PEOPLE);
	});

	it('writes nothing when the campaign was sent meanwhile (another device, another tab)', async () => {
		const { ws, id, outbox, template, audience } = setUp();
		let once = false;
		const sending = sendCampaign(ws, id, outbox, template, audience, {
			slices: everyStep(),
			onProgress: () => {
				if (once) return;
				once = true; // the same campaign sent by a second press, half way through
				ws.repo(campaign).setBookkeeping(id, { sentAt: 1, sentBy: 'peer' });
			}
		});
		await expect(sending).rejects.toThrow('This campaign was sent already.');
		expect(outbox.messages.values.size).toBe(0);
		expect(outbox.request).toBeNull();
	});
});
