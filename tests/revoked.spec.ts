/**
 * A device whose invite was revoked while the app was closed: on the next open the relay refuses
 * the socket while the device's copy is still loading, and the app says why (it used to drop any
 * status before the documents joined the socket, and kept saying it was connecting). What was on
 * the device stays readable.
 */
import { expect, test } from '@playwright/test';
import { createPerson, createWorkspace, holdDocs, waitSynced } from './helpers';

test('a revoked invite is said on the next open, and the device keeps its people', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Revoked co');
	const made = await fetch(`${baseURL}/api/workspaces/${ws.workspaceId}/invites`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ownerToken}` },
		body: JSON.stringify({ role: 'editor', label: 'Mallory' })
	});
	expect(made.status).toBe(201);
	const { id, token } = (await made.json()) as { id: string; token: string };

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(
		`/join#ws=${encodeURIComponent(ws.workspaceId)}&token=${encodeURIComponent(token)}`
	);
	await page.getByLabel('Your name').fill('Mallory');
	await page.getByRole('button', { name: 'Join workspace' }).click();
	await waitSynced(page);
	await createPerson(page, 'Ada', 'Lovelace');
	await waitSynced(page);

	// Revoked while the app is closed.
	await page.goto('about:blank');
	const revoked = await fetch(`${baseURL}/api/workspaces/${ws.workspaceId}/invites/${id}`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${ws.ownerToken}` }
	});
	expect(revoked.ok).toBe(true);

	// The device's copy is held loading (another tab holds its store) while the relay refuses.
	const holder = await context.newPage();
	const release = await holdDocs(holder);
	await page.goto('/people');
	await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/revoked|refused/i);
	await expect(page.getByText('This invite was revoked', { exact: false }).first()).toBeVisible();
	await release();
	await expect(page.getByRole('link', { name: /Ada Lovelace/ })).toBeVisible();
	await expect(page.getByText('This invite was revoked', { exact: false }).first()).toBeVisible();
	await expect(page.getByRole('status', { name: 'Sync status' })).not.toContainText('Synced');
	await context.close();
});
