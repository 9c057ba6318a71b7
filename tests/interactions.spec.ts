/**
 * Communication history through the real relay: one colleague logs a call on a person with the
 * L key while another edits the same person; one logs a meeting offline and the other sees it
 * after the reconnect; "last contacted" and "next step" reach the people list; an organization's
 * timeline holds its people's entries; an edit of an entry shows in its history.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type FileChooser, type Page } from '@playwright/test';
import {
	buildMsg,
	properties,
	recipient,
	text
} from '../src/lib/domain/email/fixtures/outlook-msg';
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
	// Typing goes to the subject at once (a focused Type select would jump between types).
	await expect(form.getByLabel('Subject')).toBeFocused();
	await a.keyboard.type('Intro call');
	await expect(form.getByLabel('Type')).toHaveValue('call');
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

	// Her organization, picked by typing (the picker offers matches, not 20,000 options).
	const org = a.getByLabel('Organization', { exact: true });
	await expect(org).toHaveValue('Acme');
	await a.getByRole('button', { name: 'Clear organization' }).click();
	await expect(org).toHaveValue('');
	await org.fill('acm');
	await a.getByRole('option', { name: /Acme/ }).click();
	await expect(org).toHaveValue('Acme');

	// A call started from Grace's phone link: back in the app, it offers to log it.
	await a.getByRole('button', { name: 'Add phone' }).click();
	await a.getByLabel('Phone 1', { exact: true }).fill('+49 30 1234567');
	await a.getByLabel('Phone 1', { exact: true }).blur();
	const call = a.getByRole('link', { name: 'Call +49 30 1234567' });
	await expect(call).toHaveAttribute('href', 'tel:+49301234567');
	// The phone app opening is the device's (headless Chromium would hold the page in an
	// "open external app?" prompt): the link's own default is held back, the page hears the click.
	await a.evaluate(() =>
		document.addEventListener(
			'click',
			(e) => (e.target as Element).closest('a[href^="tel:"]') && e.preventDefault(),
			{ capture: true }
		)
	);
	await call.click();
	await a.waitForTimeout(1_600);
	await a.evaluate(() => window.dispatchEvent(new Event('focus'))); // back from the call
	const toast = a.getByRole('region', { name: 'Notifications' });
	await expect(toast).toContainText('Log the call with Grace Hopper?');
	await toast.getByRole('button', { name: 'Log call' }).click();
	await expect(logDialog(a).getByLabel('Type')).toHaveValue('call');
	await expect(logDialog(a).getByRole('list', { name: 'People: picked' })).toContainText(
		'Grace Hopper'
	);
	await logDialog(a).getByRole('button', { name: 'Cancel' }).click();

	// Logged on Grace's page: linked to Grace and, by default, to Acme.
	await timeline(a).getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(a).getByLabel('Type').selectOption('email');
	await logDialog(a).getByLabel('Subject').fill('Pricing question');
	await expect(logDialog(a).getByLabel('Organization', { exact: true })).toHaveValue('Acme');
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

/** Drops files on an element as a browser does: a DataTransfer holding real File objects. */
async function dropFiles(page: Page, target: string, files: { name: string; path: string }[]) {
	const payload = await Promise.all(
		files.map(async (f) => ({ name: f.name, bytes: [...(await readFile(f.path))] }))
	);
	const transfer = await page.evaluateHandle((list) => {
		const dt = new DataTransfer();
		for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
		return dt;
	}, payload);
	const zone = page.getByRole('group', { name: target });
	await zone.dispatchEvent('dragover', { dataTransfer: transfer });
	await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

const fixture = (name: string) => ({ name, path: `tests/fixtures/email/${name}` });

test('emails dropped offline are logged once, with their people and attachments', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Mail co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Anna is known by her second address only.
	const annaPath = await createPerson(b, 'Anna', 'Schmidt');
	await b.getByRole('button', { name: 'Add email' }).click();
	await b.getByLabel('Email 1', { exact: true }).fill('anna.schmidt@example.com');
	await b.getByLabel('Email 1', { exact: true }).blur();
	await a.goto(annaPath);
	await expect(a.getByLabel('First name')).toHaveValue('Anna');

	// Alice goes offline and drops two messages on Anna's timeline.
	await alice.context.setOffline(true);
	await expect(syncStatus(a)).toContainText(/Offline/i);
	await dropFiles(a, 'Timeline, drop e-mail files here', [
		fixture('gmail-alternative.eml'),
		fixture('thunderbird-attachment.eml')
	]);
	await expect(timeline(a)).toContainText('2 emails logged');
	await expect(
		timeline(a).getByRole('link', { name: 'Angebot für die Müller GmbH' })
	).toBeVisible();
	await expect(timeline(a).getByRole('link', { name: 'Preisliste' })).toBeVisible();
	// The sender nobody knew is offered as a new person; Alice adds him (still offline).
	const offer = timeline(a).getByRole('group', { name: /Not in your contacts yet/ });
	await expect(offer).toContainText('Jürgen Müller <juergen.mueller@gmail.com>');
	for (const other of ['tom@example.org', 'bob+crm@example.com'])
		await offer.getByRole('checkbox', { name: new RegExp(other.replace('+', '\\+')) }).uncheck();
	await offer.getByRole('button', { name: 'Add as people' }).click();
	await expect(syncStatus(a)).toContainText(/not yet confirmed/);

	// Bob sees nothing yet; after Alice reconnects he sees both, and Jürgen.
	await b.goto(annaPath);
	await b.waitForTimeout(300);
	await expect(timeline(b).getByRole('link', { name: 'Preisliste' })).toBeHidden();
	await alice.context.setOffline(false);
	await waitSynced(a);
	await expect(timeline(b).getByRole('link', { name: 'Preisliste' })).toBeVisible();
	await timeline(b).getByRole('link', { name: 'Preisliste' }).click();
	await expect(b.getByLabel('Subject')).toHaveValue('Preisliste');
	await expect(b.getByRole('region', { name: /^Files/ })).toContainText(
		'Preisliste für Müller und Söhne GmbH Dezember 2026.csv'
	);
	await b.goto('/people');
	await expect(b.getByRole('row', { name: /Jürgen Müller/ })).toBeVisible();

	// Bob drops the same message again (picked with the file chooser): logged once.
	await b.goto(annaPath);
	await pickEmails(b, 'tests/fixtures/email/gmail-alternative.eml');
	await expect(timeline(b)).toContainText('0 emails logged; 1 was logged already');
	await expect(timeline(b).getByRole('heading', { name: /Timeline \(2\)/ })).toBeVisible();

	// An Outlook .msg (read by msgreader in the browser) is logged like an .eml.
	const msg = buildMsg([
		text('0037', 'Site visit Friday'),
		text('0C1A', 'Anna Schmidt'),
		text('0C1F', 'anna.schmidt@example.com'),
		text('1000', 'See you on Friday at ten.\r\n'),
		properties(32, [{ tag: 0x0039, type: 'time', value: Date.UTC(2026, 10, 27, 9, 30) }]),
		recipient(0, [
			text('3001', 'Bob'),
			text('3003', 'bob@mail.example'),
			properties(8, [{ tag: 0x0c15, type: 'int', value: 1 }])
		])
	]);
	await pickEmails(b, { name: 'Site visit.msg', mimeType: '', buffer: Buffer.from(msg) });
	await expect(timeline(b)).toContainText('1 email logged');
	await expect(timeline(b).getByRole('link', { name: 'Site visit Friday' })).toBeVisible();
	await expect(timeline(b).getByRole('heading', { name: /Timeline \(3\)/ })).toBeVisible();

	// A file that is not a message gets a clear message and logs nothing.
	await pickEmails(b, 'tests/fixtures/email/not-an-email.eml');
	await expect(timeline(b).getByRole('alert')).toContainText('not-an-email.eml');
	await expect(timeline(b).getByRole('heading', { name: /Timeline \(3\)/ })).toBeVisible();

	await alice.context.close();
	await bob.context.close();
});

test('an old call stays out of the opening, loads as the timeline is scrolled, and is in the backup', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Long memory co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const a = alice.page;
	const adaPath = await createPerson(a, 'Ada', 'Lovelace');

	// A call eight months ago (typed into the form), and one today.
	const eightMonthsAgo = await a.evaluate(() => {
		const d = new Date(Date.now() - 240 * 86_400_000);
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:30`;
	});
	await timeline(a).getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(a).getByLabel('When').fill(eightMonthsAgo);
	await logDialog(a).getByLabel('Subject').fill('First contact');
	await logDialog(a).getByLabel('Subject').press('Enter');
	await timeline(a).getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(a).getByLabel('Subject').fill('Follow-up');
	await logDialog(a).getByLabel('Subject').press('Enter');
	await expect(timeline(a).getByRole('heading', { name: /Timeline \(2\)/ })).toBeVisible();
	await waitSynced(a);

	// Bob's new device does not open that month with the workspace; Ada's timeline does, as its
	// end comes into view.
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'viewer'), 'Bob');
	const b = bob.page;
	await b.goto('/interactions');
	await expect(b.getByRole('row', { name: /Follow-up/ })).toBeVisible();
	await expect(b.getByRole('row', { name: /First contact/ })).toBeHidden();
	await expect(b.getByRole('button', { name: /Show older months \(1 more\)/ })).toBeVisible();
	await b.goto(adaPath);
	await expect(timeline(b).getByRole('link', { name: 'First contact' })).toBeVisible();
	await expect(timeline(b)).toContainText('That is everything.');

	// A third device's backup holds both calls, the old month fetched for it.
	const carol = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Carol');
	const c = carol.page;
	await c.goto('/import-export');
	const download = c.waitForEvent('download');
	await c.getByRole('button', { name: 'Download backup' }).click();
	const backup = JSON.parse(await readFile(await (await download).path(), 'utf8'));
	const subjects = (backup.collections.interactions as { subject: string }[])
		.map((i) => i.subject)
		.sort();
	expect(subjects).toEqual(['First contact', 'Follow-up']);

	for (const x of [alice, bob, carol]) await x.context.close();
});

/** The timeline's "Log emails from files" button clicked, the files given to its chooser. */
async function pickEmails(page: Page, files: Parameters<FileChooser['setFiles']>[0]) {
	const chooser = page.waitForEvent('filechooser');
	await timeline(page).getByRole('button', { name: 'Log emails from files' }).click();
	await (await chooser).setFiles(files);
}
