/**
 * Service requests through the real relay: Alice opens a request for a person by clicks, Bob
 * sees it in the queue; Alice moves it new → open → waiting → resolved while Bob adds an
 * internal note; her reply sets the time to first response, the customer's satisfaction is
 * recorded, an edit made offline converges after the reconnect, and a due time a buggy peer
 * stored wrongly shows a warning while the queue still renders.
 */
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { DocsClient } from '../server/docs-client';
import { shardDocName } from '../src/lib/data/shards';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const timeline = (page: Page) => page.getByRole('region', { name: /Timeline/ });
const logDialog = (page: Page) => page.getByRole('dialog', { name: 'Log an interaction' });
const statuses = (page: Page) => page.getByRole('group', { name: 'Status' });
const times = (page: Page) => page.getByLabel('Service times').locator('dd');

test('a request moves through its statuses in A while B adds a note', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Support co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// The catalogue has the printer the request will be about.
	await a.goto('/products');
	await a.getByRole('button', { name: 'New product' }).click();
	await a.getByLabel('Product name').fill('Laser printer');
	await a.getByLabel('SKU').fill('P-9');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/products\/[0-9a-f-]{36}$/);

	// Alice opens a request for Grace, picked by typing, from the queue's "New request".
	await createPerson(a, 'Grace', 'Hopper');
	await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
	await expect(a.getByRole('heading', { name: 'Service requests' })).toBeVisible();
	await a.getByRole('button', { name: 'New request' }).click();
	const form = a.getByRole('dialog', { name: 'New service request' });
	await form.getByLabel('Subject').fill('Printer on fire');
	await form.getByLabel('Requester').fill('Grace');
	await form.getByRole('option', { name: /Grace Hopper/ }).click();
	await form.getByLabel('Priority').selectOption('urgent');
	await form.getByLabel('Channel').selectOption('phone');
	await form.getByRole('button', { name: 'Create request' }).click();
	await expect(a).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
	const path = new URL(a.url()).pathname;
	const id = path.split('/').pop()!;
	await expect(statuses(a).getByRole('button', { name: 'New' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(a.getByLabel('Service times')).toContainText(/due in 3 h 5\d min/);

	// Bob sees it in the queue: the new count, the requester, the priority, the due time.
	await b.goto('/requests');
	const row = b.getByRole('row', { name: /Printer on fire/ });
	await expect(row).toContainText('Grace Hopper');
	await expect(row).toContainText('Urgent');
	await expect(row).toContainText('New');
	await expect(row).toContainText(/due in 3 h/);
	await expect(statuses(b).getByRole('button', { name: /^New/ })).toContainText('1');
	await row.getByRole('link', { name: 'Printer on fire' }).click();
	await expect(b).toHaveURL(path);

	// What it is about: the product, picked by typing; Bob's page links to it.
	await a.getByLabel('Product', { exact: true }).fill('Laser');
	await a.getByRole('option', { name: /Laser printer/ }).click();
	await expect(b.getByLabel('Product', { exact: true })).toHaveValue('Laser printer');
	await expect(b.getByRole('link', { name: 'Open product' })).toBeVisible();

	// Alice moves it along while Bob writes an internal note.
	await b.getByRole('button', { name: 'Internal note' }).click();
	await expect(logDialog(b).getByLabel('Type')).toHaveValue('note');
	await logDialog(b).getByLabel('Subject').fill('Checked the toner logs');
	for (const status of ['Open', 'Waiting on customer']) {
		await statuses(a).getByRole('button', { name: status }).click();
		await expect(statuses(a).getByRole('button', { name: status })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
	}
	await Promise.all([
		statuses(a).getByRole('button', { name: 'Resolved' }).click(),
		logDialog(b).getByRole('button', { name: 'Log note' }).click()
	]);
	for (const page of [a, b]) {
		await expect(statuses(page).getByRole('button', { name: 'Resolved' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(
			timeline(page).getByRole('link', { name: 'Checked the toner logs' })
		).toBeVisible();
		// A note is not an answer to the customer.
		await expect(times(page).nth(2)).toHaveText('No reply yet');
		await expect(times(page).nth(3)).not.toHaveText('Not resolved');
	}

	// Alice's reply: the time to first response shows on both.
	await a.getByRole('button', { name: 'Reply' }).click();
	await expect(logDialog(a).getByLabel('Type')).toHaveValue('email');
	await expect(logDialog(a).getByLabel('Subject')).toHaveValue('Re: Printer on fire');
	await expect(logDialog(a).getByRole('list', { name: 'People: picked' })).toContainText(
		'Grace Hopper'
	);
	await logDialog(a).getByRole('button', { name: 'Log email' }).click();
	for (const page of [a, b]) {
		await expect(timeline(page).getByRole('link', { name: 'Re: Printer on fire' })).toBeVisible();
		await expect(times(page).nth(2)).toHaveText(/min$/);
	}

	// Grace's satisfaction, recorded by Alice, seen by Bob.
	await a.getByLabel('4 Happy').check();
	await a.getByLabel('Comment').fill('Quick and kind');
	await a.getByRole('button', { name: 'Save satisfaction' }).click();
	await expect(b.getByLabel('4 Happy')).toBeChecked();
	await expect(b.getByLabel('Comment')).toHaveValue('Quick and kind');

	// Bob lowers the priority offline while Alice assigns it to him; both converge.
	await bob.context.setOffline(true);
	await expect(b.getByRole('status', { name: 'Sync status' })).toContainText(/Offline/i);
	await b.getByLabel('Priority').selectOption('low');
	await a.getByLabel('Assignee').selectOption({ label: 'Bob' });
	await a.waitForTimeout(300);
	await expect(a.getByLabel('Priority')).toHaveValue('urgent');
	await bob.context.setOffline(false);
	await waitSynced(b);
	for (const page of [a, b]) {
		await expect(page.getByLabel('Priority')).toHaveValue('low');
		await expect(page.getByLabel('Assignee').locator('option:checked')).toHaveText('Bob');
	}

	// The reply and the note are on Grace's timeline too: sales and support see one customer.
	await b.getByRole('link', { name: 'Open requester' }).click();
	await expect(timeline(b).getByRole('link', { name: 'Re: Printer on fire' })).toBeVisible();
	await expect(b.getByRole('region', { name: /Service requests/ })).toContainText(
		'Printer on fire'
	);

	// A buggy peer stores a due time that is no time: a warning, and the queue still renders.
	const peer = new DocsClient(
		baseURL!.replace(/^http/, 'ws') + `/sync/${ws.workspaceId}`,
		ws.ownerToken
	);
	await peer.opened;
	const shard = shardDocName('requests', id);
	const { doc } = peer.open(shard);
	await peer.waitSynced([shard]);
	(doc.getMap('requests').get(id) as Y.Map<unknown>).set('dueAt', 'soon-ish');
	await peer.waitAcked([shard]);
	await expect(a.getByRole('alert').filter({ hasText: 'wrong type' })).toContainText(
		'Due: expected a date'
	);
	await a.goto('/requests');
	await statuses(a)
		.getByRole('button', { name: /^Resolved/ })
		.click();
	const buggy = a.getByRole('row', { name: /Printer on fire/ });
	await expect(buggy).toContainText('check data');
	await expect(buggy).toContainText('Resolved');
	await peer.close();
	await alice.context.close();
	await bob.context.close();
});
