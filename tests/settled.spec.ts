/**
 * Records edited long ago are settled: folded into one snapshot by a device synced with the
 * relay (src/lib/data/settled-records.ts). Here Alice's device, two months on (its clock moved
 * with Playwright's), settles a person while Bob, offline, edits that person: his edit went
 * into the record's old map, which the settle replaced. Back online, Bob's device writes it
 * onto the settled record, and both see both edits — checked after reloads, with the settle in
 * each device's storage.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

/** Whether this device's stored documents hold a settled record. */
function storesSettled(page: Page): Promise<boolean> {
	return page.evaluate(
		() =>
			new Promise<boolean>((resolve, reject) => {
				const req = indexedDB.open('crm-docs');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const all = req.result.transaction('updates').objectStore('updates').getAll();
					all.onerror = () => reject(all.error);
					all.onsuccess = () => {
						const marker = new TextEncoder().encode('$settled');
						const holds = (bytes: Uint8Array) => {
							outer: for (let i = 0; i + marker.length <= bytes.length; i++) {
								for (let j = 0; j < marker.length; j++)
									if (bytes[i + j] !== marker[j]) continue outer;
								return true;
							}
							return false;
						};
						const rows = all.result as Record<string, unknown>[];
						resolve(
							rows.some((row) =>
								Object.values(row).some((v) => v instanceof Uint8Array && holds(v))
							)
						);
						req.result.close();
					};
				};
			})
	);
}

test('a record settled on one device keeps the edit another made offline meanwhile', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Settled');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const path = await createPerson(alice.page, 'Grace', 'Hopper');
	await alice.page.getByLabel('Title').fill('Rear admiral');
	await alice.page.getByLabel('Title').blur();
	await waitSynced(alice.page);

	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await bob.page.goto(path);
	await expect(bob.page.getByLabel('Title')).toHaveValue('Rear admiral');
	await waitSynced(bob.page);
	await bob.context.setOffline(true);
	await bob.page.getByLabel('Last name').fill('Murray Hopper');
	await bob.page.getByLabel('Last name').blur();

	// Two months on for Alice: her device settles the person a while after the open.
	await alice.context.clock.install({ time: Date.now() + 60 * DAY });
	await alice.page.reload();
	await waitSynced(alice.page);
	expect(await storesSettled(alice.page)).toBe(false);
	await expect.poll(() => storesSettled(alice.page), { timeout: 60_000 }).toBe(true);
	await expect(alice.page.getByLabel('Last name')).toHaveValue('Hopper');

	// Bob back online: his edit, made on the map the settle replaced, is kept on both devices.
	await bob.context.setOffline(false);
	await waitSynced(bob.page);
	await expect(alice.page.getByLabel('Last name')).toHaveValue('Murray Hopper');
	await expect(bob.page.getByLabel('Last name')).toHaveValue('Murray Hopper');
	for (const page of [alice.page, bob.page]) {
		await page.reload();
		await expect(page.getByLabel('Last name')).toHaveValue('Murray Hopper');
		await expect(page.getByLabel('Title')).toHaveValue('Rear admiral');
		await expect.poll(() => storesSettled(page)).toBe(true);
	}
	await alice.context.close();
	await bob.context.close();
});
