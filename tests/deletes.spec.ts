/**
 * Deletes are hard to lose: a bulk delete asks first and names the count, the selection is
 * cleared after every bulk action, and "Recently deleted" shows who deleted what on every
 * device — where a restore made offline reaches the others once back online.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const listCount = (page: Page) => page.getByRole('main').getByRole('status').first();

test('bulk delete asks first; another device restores offline from Recently deleted', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Deletes co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	for (const [first, last] of [
		['Ada', 'Lovelace'],
		['Grace', 'Hopper'],
		['Linus', 'Torvalds']
	])
		await createPerson(alice.page, first, last);

	// Alice ticks two of three people and asks to delete them
	const a = alice.page;
	await a.goto('/people');
	await expect(listCount(a)).toHaveText('3 people');
	await a.getByRole('checkbox', { name: 'Select Ada Lovelace' }).check();
	await a.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
	const bulkBar = a.getByRole('form', { name: 'Bulk edit' });
	await expect(bulkBar).toContainText('2 selected');
	const deleteSelected = bulkBar.getByRole('button', { name: 'Delete selected' });
	const dialog = a.getByRole('dialog', { name: 'Delete 2 people?' });

	// Cancel changes nothing, and focus goes back to where it was
	await deleteSelected.click();
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(deleteSelected).toBeFocused();
	await expect(listCount(a)).toHaveText('3 people');
	await expect(bulkBar).toContainText('2 selected');

	// Escape cancels too
	await deleteSelected.click();
	await expect(dialog).toBeVisible();
	await a.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(listCount(a)).toHaveText('3 people');

	// Delete: the two are gone, nothing is left selected, focus is on the page heading
	await deleteSelected.click();
	await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(dialog).toBeHidden();
	await expect(listCount(a)).toHaveText('1 person');
	await expect(bulkBar).toBeHidden();
	await expect(a.getByRole('heading', { name: 'People', level: 1 })).toBeFocused();
	await expect(a.getByRole('checkbox', { name: 'Select all shown' })).not.toBeChecked();
	await expect(a.getByRole('checkbox', { name: 'Select Linus Torvalds' })).not.toBeChecked();

	// Apply clears the selection as well
	await a.getByRole('checkbox', { name: 'Select Linus Torvalds' }).check();
	await bulkBar.getByLabel('Add tag').fill('vip');
	await bulkBar.getByRole('button', { name: 'Apply' }).click();
	await expect(bulkBar).toBeHidden();
	await expect(a.getByRole('checkbox', { name: 'Select Linus Torvalds' })).not.toBeChecked();
	await waitSynced(a);
	await expect(syncStatus(a)).not.toContainText(/not yet confirmed/);

	// Bob, on his own device, finds them in Recently deleted through the main navigation
	const b = bob.page;
	await b.goto('/people');
	await expect(listCount(b)).toHaveText('1 person');
	const nav = b.getByRole('navigation', { name: 'Main' });
	await nav.getByRole('button', { name: 'More' }).click();
	await nav.getByRole('link', { name: 'Recently deleted' }).click();
	await expect(b).toHaveURL(/\/deleted\/people$/);
	await expect(b.getByRole('heading', { name: 'Recently deleted', level: 1 })).toBeVisible();
	const deleted = b.getByRole('list', { name: 'Deleted people' });
	await expect(deleted.getByRole('listitem')).toHaveCount(2);
	for (const name of ['Ada Lovelace', 'Grace Hopper'])
		await expect(deleted.getByRole('listitem').filter({ hasText: name })).toContainText(
			'Deleted by Alice'
		);

	// The list fits a phone's width
	await b.setViewportSize({ width: 375, height: 740 });
	await expect(deleted.getByRole('button', { name: 'Restore Ada Lovelace' })).toBeInViewport();
	expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
	await b.setViewportSize({ width: 1280, height: 720 });

	// Offline, Bob restores Ada with the keyboard
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await deleted.getByRole('button', { name: 'Restore Ada Lovelace' }).focus();
	await b.keyboard.press('Enter');
	await expect(deleted.getByRole('listitem')).toHaveCount(1);
	await expect(deleted.getByRole('button', { name: 'Restore Grace Hopper' })).toBeFocused();
	await expect(b.getByRole('main').getByRole('status')).toHaveText('1 deleted person');
	await expect(syncStatus(b)).toContainText(/not yet confirmed/);

	// Back online, the relay confirms the restore
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(syncStatus(b)).not.toContainText(/not yet confirmed/);

	// Alice, after a reload, has Ada back; only Grace is left in Recently deleted
	await a.reload();
	await expect(a.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
	await expect(listCount(a)).toHaveText('2 people');
	await a.getByRole('main').getByRole('link', { name: 'Recently deleted' }).click();
	await expect(a).toHaveURL(/\/deleted\/people$/);
	const aliceDeleted = a.getByRole('list', { name: 'Deleted people' });
	await expect(aliceDeleted.getByRole('listitem')).toHaveCount(1);
	await expect(aliceDeleted.getByRole('listitem')).toContainText('Grace Hopper');

	// Ada's history says who restored her
	await a.goto('/people');
	await a.getByRole('link', { name: 'Ada Lovelace' }).click();
	await expect(a.getByRole('region', { name: 'History' })).toContainText(
		'Bob restored this record'
	);

	await alice.context.close();
	await bob.context.close();
});
