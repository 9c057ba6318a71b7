/**
 * Import through the page with the real worker, the people list and a second device that
 * receives the rows through the relay; revert in one step; export and a bad file.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

const COMPANIES = ['Analytical Engines', 'Navy', 'Bletchley Park', 'Acme', 'Initech'];

function peopleCsv(n: number): string {
	const lines = ['First Name,Last Name,E-mail Address,Mobile Phone,Company,Tags'];
	for (let i = 1; i <= n; i++) {
		const company = COMPANIES[i % COMPANIES.length];
		lines.push(
			`Person,Number ${i},person${i}@example.com,+49 170 ${1000000 + i},${company},imported`
		);
	}
	return lines.join('\r\n') + '\r\n';
}

async function chooseFile(page: Page, name: string, text: string) {
	await page.getByLabel('CSV or vCard file').setInputFiles({
		name,
		mimeType: name.endsWith('.vcf') ? 'text/vcard' : 'text/csv',
		buffer: Buffer.from(text, 'utf8')
	});
}

test('a 1,000-row CSV imports with progress, reaches a second device, and reverts in one step', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Import test');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const page = alice.page;

	await page.goto('/import-export');
	await chooseFile(page, 'people-1000.csv', peopleCsv(1000));
	await expect(page.getByTestId('encoding')).toHaveText('UTF-8');
	await expect(page.getByTestId('delimiter')).toHaveText('comma');
	await expect(page.getByLabel('Map column "First Name"')).toHaveValue('firstName');
	await expect(page.getByLabel('Map column "E-mail Address"')).toHaveValue('emails[0]');
	await expect(page.getByLabel('Map column "Company"')).toHaveValue('organization');
	const preview = page.getByRole('table', { name: 'The first 10 rows as they will be stored' });
	await expect(preview.getByRole('row')).toHaveCount(11);
	await expect(preview).toContainText('person1@example.com');
	await expect(page.getByRole('radiogroup', { name: 'Duplicates' })).toBeVisible();
	await expect(page.getByText('5 new organizations are created')).toBeVisible();

	// nothing is stored before the button is pressed
	await bob.page.goto('/people');
	await expect(bob.page.getByText('0 people', { exact: true })).toBeVisible();

	const started = Date.now();
	await page.getByRole('button', { name: 'Import 1,000 rows' }).click();
	const progress = page.getByRole('progressbar', { name: 'Import progress' });
	await expect(progress).toBeVisible();
	await expect(page.getByText('1,000 of 1,000 rows')).toBeVisible();
	await expect(page.getByText(/Import finished: 1,000 people created/)).toBeVisible();
	console.log(`import of 1,000 rows through the page: ${Date.now() - started} ms`);
	await expect(progress).toHaveAttribute('value', '1000');

	await page.getByRole('link', { name: 'Show people' }).click();
	await expect(page).toHaveURL(/\/people$/);
	await expect(page.getByText('1,000 people', { exact: true })).toBeVisible();
	await waitSynced(page);
	// the other device gets the rows through the relay
	await expect(bob.page.getByText('1,000 people', { exact: true })).toBeVisible({
		timeout: 20_000
	});

	// revert from the list of past imports
	await page.goto('/import-export');
	await page.getByRole('button', { name: 'Revert import of people-1000.csv' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Revert import' }).click();
	await expect(page.getByText(/Reverted .* by Alice/)).toBeVisible();
	await page.goto('/people');
	await expect(page.getByText('0 people', { exact: true })).toBeVisible();
	await expect(bob.page.getByText('0 people', { exact: true })).toBeVisible({ timeout: 20_000 });

	await alice.context.close();
	await bob.context.close();
});

test('a broken file gets a clear message and stores nothing; people export as CSV', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Bad files');
	const { context, page } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Carol');
	await page.goto('/import-export');

	await chooseFile(
		page,
		'broken.csv',
		'Name,Email\nAda,ada@example.com\n"Grace,grace@example.com\n'
	);
	await expect(page.getByRole('alert')).toContainText('a quoted value is never closed');
	await chooseFile(page, 'empty.csv', '');
	await expect(page.getByRole('alert')).toContainText('The file is empty.');
	await expect(page.getByText('No imports yet.')).toBeVisible();

	await chooseFile(
		page,
		'two.csv',
		'Name,Email\nAda Lovelace,ada@example.com\nGrace Hopper,g@x.org\n'
	);
	await page.getByRole('button', { name: 'Import 2 rows' }).click();
	await expect(page.getByText(/Import finished: 2 people created/)).toBeVisible();

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export people as CSV' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^crm-people-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = readFileSync(await file.path(), 'utf8');
	expect(text).toContain('Ada,Lovelace');
	await context.close();
});
