/**
 * The people list's Export: the rows shown, in each mode the Import & export page offers — CSV
 * for spreadsheets (a phone gets its apostrophe), CSV for another contacts app (as stored) and
 * vCard — through the real exporters, read back from the downloaded file.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs } from './helpers';

async function exportAs(page: Page, mode: RegExp): Promise<{ name: string; text: string }> {
	await page.getByRole('button', { name: 'Export…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Export the 1 person shown' });
	await dialog.getByRole('radio', { name: mode }).check();
	const download = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Export', exact: true }).click();
	const file = await download;
	await expect(dialog).toBeHidden();
	return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('the people list exports the rows shown as CSV for spreadsheets, for a contacts app, or vCard', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Export co');
	const { context, page } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	await createPerson(page, 'Zofia', 'Nowak');
	await page.getByRole('button', { name: 'Add phone' }).click();
	await page.getByLabel('Phone 1', { exact: true }).fill('+48 22 555 0101');
	await page.getByLabel('Phone 1', { exact: true }).blur();
	await createPerson(page, 'Jan', 'Kowalski');

	await page.goto('/people?q=zofia');
	await expect(page.getByRole('status').filter({ hasText: '1 person' })).toBeVisible();

	const sheet = await exportAs(page, /CSV for spreadsheets/);
	expect(sheet.name).toMatch(/\.csv$/);
	expect(sheet.text).toContain("'+48 22 555 0101");
	expect(sheet.text).toContain('Zofia');
	expect(sheet.text).not.toContain('Kowalski');

	const contacts = await exportAs(page, /CSV for another contacts app/);
	expect(contacts.text).toContain('+48 22 555 0101');
	expect(contacts.text).not.toContain("'+48");
	expect(contacts.text).not.toContain('Kowalski');

	const vcard = await exportAs(page, /vCard/);
	expect(vcard.name).toMatch(/\.vcf$/);
	expect(vcard.text.match(/BEGIN:VCARD/g)).toHaveLength(1);
	expect(vcard.text).toContain('FN:Zofia Nowak');

	// Cancel exports nothing
	await page.getByRole('button', { name: 'Export…' }).click();
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('dialog')).toBeHidden();
	await context.close();
});
