/**
 * Files on records through the real relay: a PDF attached with the file picker on one device
 * reaches a colleague, who — having gone offline after it arrived — still opens it; a viewer
 * reads but cannot attach; a file attached offline uploads after the reconnect.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const files = (page: Page) => page.getByRole('region', { name: /^Files/ });

/** A small but real PDF: header, one page object, trailer. */
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
		'2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
		'3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n' +
		'trailer << /Root 1 0 R >>\n%%EOF\n'
);

test('a PDF attached on one device opens on another, offline too; a viewer cannot attach', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Files co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const viewer = await joinAs(browser, await invite(baseURL!, ws, 'viewer'), 'Vera');
	const a = alice.page;
	const b = bob.page;

	const adaPath = await createPerson(a, 'Ada', 'Lovelace');
	await b.goto(adaPath);
	await expect(files(b)).toContainText('No files yet.');

	// Alice attaches the offer with the file picker.
	await files(a)
		.getByLabel('Attach files')
		.setInputFiles({ name: 'offer.pdf', mimeType: 'application/pdf', buffer: PDF });
	await expect(files(a).getByRole('button', { name: 'offer.pdf', exact: true })).toBeVisible();
	await expect(files(a)).not.toContainText('Waiting to upload');

	// Bob sees it arrive while on Ada's page, goes offline, and opens it.
	await expect(files(b).getByRole('button', { name: 'offer.pdf', exact: true })).toBeVisible();
	await expect(files(b)).toContainText('added by Alice');
	// The page fetches it onto the device as it shows up (once Alice's upload is through).
	await expect(files(b)).toContainText('Available offline');
	await bob.context.setOffline(true);
	const download = b.waitForEvent('download');
	await files(b).getByRole('button', { name: 'offer.pdf', exact: true }).click();
	const saved = await (await download).path();
	expect(Buffer.compare(await readFile(saved), PDF)).toBe(0);

	// Offline, Bob attaches a note; it waits, then uploads when he is back.
	await files(b)
		.getByLabel('Attach files')
		.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
	await expect(files(b)).toContainText('Waiting to upload');
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(files(b)).not.toContainText('Waiting to upload');
	const note = a.waitForEvent('download');
	await files(a).getByRole('button', { name: 'notes.txt', exact: true }).click();
	expect(await readFile(await (await note).path(), 'utf8')).toBe('hi');

	// The viewer opens the offer but is offered no way to attach or remove.
	await viewer.page.goto(adaPath);
	const v = files(viewer.page);
	await expect(v.getByRole('button', { name: 'offer.pdf', exact: true })).toBeVisible();
	await expect(v.getByLabel('Attach files')).toHaveCount(0);
	await expect(v.getByRole('button', { name: 'Remove offer.pdf' })).toHaveCount(0);

	// Removing it on one device removes it on the other; the history says who did it.
	await files(a).getByRole('button', { name: 'Remove offer.pdf' }).click();
	await expect(files(b).getByRole('button', { name: 'offer.pdf', exact: true })).toBeHidden();
	await expect(b.getByRole('region', { name: 'History' })).toContainText('offer.pdf');

	for (const x of [alice, bob, viewer]) await x.context.close();
});

test('the owner limits the room files take; a file over it is refused with a message', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Quota co');
	const owner = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Olga');
	const o = owner.page;

	await o.goto('/settings');
	const section = o.getByRole('region', { name: 'Files' });
	await expect(section).toContainText('0 bytes used of 1.1 GB');
	await section.getByLabel('Limit for this workspace (MB)').fill('0');
	await section.getByRole('button', { name: 'Save limit' }).click();
	await expect(section).toContainText('0 bytes used of 0 bytes');

	const adaPath = await createPerson(o, 'Ada', 'Lovelace');
	await files(o)
		.getByLabel('Attach files')
		.setInputFiles({ name: 'offer.pdf', mimeType: 'application/pdf', buffer: PDF });
	await expect(files(o).getByRole('alert')).toContainText(/quota|limit|room/i);
	// Kept on this device meanwhile: it opens here, and goes up once there is room.
	await o.goto('/settings');
	await section.getByLabel('Limit for this workspace (MB)').fill('5');
	await section.getByRole('button', { name: 'Save limit' }).click();
	await expect(section).toContainText('0 bytes used of 5.0 MB');
	await o.goto(adaPath);
	await o.reload(); // the next sync uploads what waits
	await waitSynced(o);
	await expect(files(o)).not.toContainText('Waiting to upload');
	await o.goto('/settings');
	await expect(section).toContainText('218 bytes used of 5.0 MB');

	await owner.context.close();
});
