/**
 * Communication history through the real relay: one colleague logs a call on a person with the
 * L key while another edits the same person; one logs a meeting offline and the other sees it
 * after the reconnect; "last contacted" and "next step" reach the people list; an organization's
 * timeline holds its people's entries; an edit of an entry shows in its history.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const timeline = (page: Page) => page.getByRole('region', { name: /Timeline/ });
const logDialog = (page: Page) => page.getByRole('dialog', { name: 'Log an interaction' });

test('calls and meetings on a person: logged on two devices at once, one of them offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Talk co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	const adaPath = await createPerson(a, 'Ada', 'Lovelace');
	await b.goto(adaPath);
	await expect(b.getByLabel('First name')).toHaveValue('Ada');
	await expect(timeline(a)).toContainText('Nothing logged yet');

	// Alice presses L on Ada's page: the form links Ada, is dated now, and is a call.
	await a.getByRole('heading', { name: 'Ada Lovelace' }).click(); // focus leaves any field
	await a.keyboard.press('l');
	const form = logDialog(a);
	await expect(form).toBeVisible();
	await expect(form.getByLabel('Type')).toHaveValue('call');
	await expect(form.getByRole('list', { name: 'People: picked' })).toContainText('Ada Lovelace');
	await form.getByLabel('Subject').fill('Intro call');
	await form.getByLabel('Next step').fill('Send the offer');
	// Meanwhile Bob edits Ada's title.
	await b.getByLabel('Title').fill('Countess');
	await Promise.all([form.getByLabel('Next step').press('Enter'), b.getByLabel('Title').blur()]);
	await expect(form).toBeHidden();

	for (const page of [a, b]) {
		await expect(timeline(page).getByRole('link', { name: 'Intro call' })).toBeVisible();
		await expect(timeline(page)).toContainText('Next step: Send the offer');
		await expect(page.getByLabel('Title')).toHaveValue('Countess');
	}
	await expect(timeline(b)).toContainText('Today');
	await expect(timeline(b)).toContainText('by Alice');

	// Bob goes offline and logs a meeting with the button; Alice does not see it yet.
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await timeline(b).getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(b).getByLabel('Type').selectOption('meeting');
	await logDialog(b).getByLabel('Subject').fill('Site visit');
	await logDialog(b).getByLabel('Minutes').fill('45');
	await logDialog(b).getByRole('button', { name: 'Log meeting' }).click();
	await expect(timeline(b).getByRole('link', { name: 'Site visit' })).toBeVisible();
	await expect(syncStatus(b)).toContainText(/not yet confirmed/);
	await a.waitForTimeout(500);
	await expect(timeline(a).getByRole('link', { name: 'Site visit' })).toBeHidden();
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(timeline(a).getByRole('link', { name: 'Site visit' })).toBeVisible();
	await expect(timeline(a)).toContainText('45 min');
	await expect(timeline(a).getByRole('heading', { name: /Timeline \(2\)/ })).toBeVisible();

	// The filter by type keeps the meeting only; text search finds the call.
	await timeline(a).getByLabel('Type').selectOption('meeting');
	await expect(timeline(a).getByRole('link', { name: 'Intro call' })).toBeHidden();
	await timeline(a).getByLabel('Type').selectOption('');
	await timeline(a).getByLabel('Search the timeline').fill('offer');
	await expect(timeline(a).getByRole('link', { name: 'Site visit' })).toBeHidden();
	await expect(timeline(a).getByRole('link', { name: 'Intro call' })).toBeVisible();

	// The people list shows when Ada was last contacted and (from the newest entry) no next step.
	await b.goto('/people');
	const row = b.getByRole('row', { name: /Ada Lovelace/ });
	const today = await b.evaluate(() =>
		new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(Date.now())
	);
	await expect(row).toContainText(today);
	await expect(row).not.toContainText('Send the offer');

	// Alice opens the call and records its outcome; Bob sees it in the entry's history.
	await timeline(a).getByLabel('Search the timeline').fill('');
	await timeline(a).getByRole('link', { name: 'Intro call' }).click();
	await expect(a).toHaveURL(/\/interactions\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	await a.getByLabel('Outcome').fill('Interested in the premium plan');
	await a.getByLabel('Outcome').blur();
	await b.goto(new URL(a.url()).pathname);
	await expect(b.getByLabel('Outcome')).toHaveValue('Interested in the premium plan');
	await expect(b.getByRole('region', { name: 'History' })).toContainText('Alice');

	await alice.context.close();
	await bob.context.close();
});

test('an organization’s timeline holds its people’s entries, and the Timeline lists them all', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Org talk co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const a = alice.page;

	await a.goto('/organizations');
	await a.getByRole('button', { name: 'New organization' }).click();
	await a.getByLabel('Name').fill('Acme');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
	const orgPath = new URL(a.url()).pathname;
	await a.getByRole('button', { name: 'Add person to this organization' }).click();
	await a.getByLabel('First name').fill('Grace');
	await a.getByLabel('Last name').fill('Hopper');
	await a.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(a).toHaveURL(/\/people\/[0-9a-f-]{36}$/);

	// Logged on Grace's page: linked to Grace and, by default, to Acme.
	await timeline(a).getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(a).getByLabel('Type').selectOption('email');
	await logDialog(a).getByLabel('Subject').fill('Pricing question');
	await expect(logDialog(a).getByLabel('Organization')).toHaveValue(/.+/);
	await logDialog(a).getByLabel('Subject').press('Enter');
	await expect(timeline(a).getByRole('link', { name: 'Pricing question' })).toBeVisible();

	// A second person added from the form's people search, on Acme's page.
	await a.goto(orgPath);
	await expect(timeline(a).getByRole('link', { name: 'Pricing question' })).toBeVisible();
	await a.keyboard.press('l');
	await logDialog(a).getByLabel('Subject').fill('Quarterly review');
	await logDialog(a).getByLabel('People', { exact: true }).fill('grace');
	await logDialog(a)
		.getByRole('option', { name: /Grace Hopper/ })
		.click();
	await expect(logDialog(a).getByRole('list', { name: 'People: picked' })).toContainText(
		'Grace Hopper'
	);
	await logDialog(a).getByRole('button', { name: /^Log / }).click();
	await expect(timeline(a).getByRole('heading', { name: /Timeline \(2\)/ })).toBeVisible();

	// The type logged last is the next form's default (the email was logged before the call).
	await a.goto('/interactions');
	await expect(a.getByRole('row', { name: /Quarterly review/ })).toContainText('Grace Hopper');
	await expect(a.getByRole('row', { name: /Pricing question/ })).toContainText('Email');
	await a.getByRole('button', { name: 'Log interaction' }).click();
	await expect(logDialog(a).getByLabel('Type')).toHaveValue('email');
	await logDialog(a).getByRole('button', { name: 'Cancel' }).click();

	await alice.context.close();
});
