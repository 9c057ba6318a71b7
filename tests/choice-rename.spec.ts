/**
 * Renaming a custom field's choice in Settings reaches every record holding it, on every device:
 * Alice renames "Vegan" while Bob, offline, sets a customer to "Vegan" with the old name; once he
 * is back, both see "Plant-based" on both records, with no warning.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

async function dietOf(page: Page, path: string) {
	await page.goto(path);
	return page.getByLabel('Diet', { exact: true });
}

test('a renamed choice follows on every record, also one set offline with the old name', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Rename co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Alice adds the field and sets Ada's diet
	await a.goto('/settings');
	await a.getByLabel('Field label').fill('Diet');
	await a.getByLabel('Field type').selectOption({ label: 'Choice (one of a list)' });
	await a.getByLabel('Options').fill('Vegan, Vegetarian, Keto');
	await a.getByRole('button', { name: 'Add field' }).click();
	await expect(a.getByRole('cell', { name: 'Vegan, Vegetarian, Keto' })).toBeVisible();
	const ada = await createPerson(a, 'Ada', 'Lovelace');
	const ben = await createPerson(a, 'Ben', 'Nowak');
	await (await dietOf(a, ada)).selectOption('Vegan');
	await waitSynced(a);

	// Bob, offline, sets Ben's diet with the name it has on his device
	await expect(await dietOf(b, ben)).toHaveValue('');
	await expect(
		b.getByLabel('Diet', { exact: true }).locator('option', { hasText: 'Vegan' })
	).toHaveCount(1);
	await bob.context.setOffline(true);
	await b.getByLabel('Diet', { exact: true }).selectOption('Vegan');

	// Alice renames Vegan
	await a.goto('/settings');
	await a.getByRole('button', { name: 'Rename Diet' }).click();
	const dialog = a.getByRole('dialog', { name: 'Rename field' });
	await dialog.getByLabel('Choice “Vegan”').fill('Plant-based');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();
	await expect(a.getByRole('cell', { name: 'Plant-based, Vegetarian, Keto' })).toBeVisible();
	await expect(await dietOf(a, ada)).toHaveValue('Plant-based');
	await expect(a.getByRole('alert')).toHaveCount(0);
	await waitSynced(a);

	// Bob is back: his offline "Vegan" reads as the renamed choice on both devices
	await bob.context.setOffline(false);
	await waitSynced(b);
	for (const page of [a, b]) {
		await expect(await dietOf(page, ben)).toHaveValue('Plant-based');
		await expect(page.getByRole('alert')).toHaveCount(0);
		await expect(await dietOf(page, ada)).toHaveValue('Plant-based');
		await expect(
			page.getByLabel('Diet', { exact: true }).locator('option', { hasText: 'Vegan' })
		).toHaveCount(0);
	}

	// Chosen again on Bob's page, it is stored under the new name
	await (await dietOf(b, ada)).selectOption('Keto');
	await b.getByLabel('Diet', { exact: true }).selectOption('Plant-based');
	await waitSynced(b);
	await expect(await dietOf(a, ada)).toHaveValue('Plant-based');

	await alice.context.close();
	await bob.context.close();
});
