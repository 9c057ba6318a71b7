// The campaign ledger on its own: durable entries, 'sending' read back as 'unknown', a torn last
// line (a crash mid-write) cut off without losing the entries before it, final states kept.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignLedger } from './campaign-ledger.ts';
import { tempDir } from './test-helpers.ts';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function fresh(): string {
	const dir = tempDir('campaign-ledger-');
	dirs.push(dir);
	return dir;
}

const WS = 'workspace-0001';

describe('CampaignLedger', () => {
	it('reads back what was written, a "sending" without an answer as unknown', async () => {
		const dir = fresh();
		const ledger = new CampaignLedger(dir);
		await ledger.record(WS, { c: 'c1', p: 'p1', s: 'sending', at: 1, n: 1 });
		await ledger.record(WS, { c: 'c1', p: 'p1', s: 'sent', at: 2, n: 1 });
		await ledger.record(WS, { c: 'c1', p: 'p2', s: 'sending', at: 3, n: 1 });
		await ledger.record(WS, { c: 'c1', p: 'p3', s: 'sending', at: 4, n: 1 });
		await ledger.record(WS, { c: 'c1', p: 'p3', s: 'retry', at: 5, n: 1, r: 'refused' });
		expect((await ledger.get(WS, 'c1', 'p2'))?.state).toBe('sending');
		await ledger.close();

		const again = new CampaignLedger(dir);
		const all = await again.campaign(WS, 'c1');
		expect(all.get('p1')).toEqual({ state: 'sent', at: 2, attempts: 1 });
		expect(all.get('p2')?.state).toBe('unknown');
		expect(all.get('p3')).toEqual({ state: 'retry', at: 5, attempts: 1, reason: 'refused' });
		expect(fs.statSync(path.join(dir, 'campaigns', `${WS}.ledger`)).mode & 0o777).toBe(0o600);
		await again.close();
	});

	it('cuts a torn last line and keeps appending on a fresh line', async () => {
		const dir = fresh();
		const ledger = new CampaignLedger(dir);
		await ledger.record(WS, { c: 'c1', p: 'p1', s: 'sent', at: 1, n: 1 });
		await ledger.close();
		const file = path.join(dir, 'campaigns', `${WS}.ledger`);
		fs.appendFileSync(file, '{"c":"c1","p":"p2","s":"sen');

		const again = new CampaignLedger(dir);
		expect(await again.get(WS, 'c1', 'p2')).toBeUndefined();
		await again.record(WS, { c: 'c1', p: 'p2', s: 'sending', at: 2, n: 1 });
		await again.close();
		const third = new CampaignLedger(dir);
		expect((await third.get(WS, 'c1', 'p1'))?.state).toBe('sent');
		expect((await third.get(WS, 'c1', 'p2'))?.state).toBe('unknown');
		await third.close();
	});

	it('keeps a final state: a later entry for a sent message changes nothing', async () => {
		const ledger = new CampaignLedger(fresh());
		await ledger.record(WS, { c: 'c1', p: 'p1', s: 'sent', at: 1, n: 1 });
		await ledger.record(WS, { c: 'c1', p: 'p1', s: 'sending', at: 2, n: 2 });
		expect(await ledger.get(WS, 'c1', 'p1')).toEqual({ state: 'sent', at: 1, attempts: 1 });
		await ledger.close();
	});

	it('writes entries recorded together in one batch, each durable when it resolves', async () => {
		const dir = fresh();
		const ledger = new CampaignLedger(dir);
		await Promise.all(
			Array.from({ length: 200 }, (_, i) =>
				ledger.record(WS, { c: 'c2', p: `p${i}`, s: 'sent', at: i, n: 1 })
			)
		);
		const lines = fs
			.readFileSync(path.join(dir, 'campaigns', `${WS}.ledger`), 'utf8')
			.trim()
			.split('\n');
		expect(lines).toHaveLength(200);
		expect((await ledger.campaign(WS, 'c2')).size).toBe(200);
		await ledger.close();
	});
});
