/**
 * Campaigns through the real relay (issue #16): Alice builds the vegetarian campaign on a saved
 * segment of people interested in vegetarian food; an unknown merge field is flagged and blocks
 * Send; Bob, offline, adds a line to the body while Alice writes it, and both lines are kept; the
 * preview walks the two reachable recipients (buttons and arrow keys), each with their own name,
 * and lists the two left out with the reason. Alice sends while offline ("queued, leaves when
 * online"), leaves the page and reloads offline; once she reconnects, the outbox document reaches
 * the relay and Bob's device (the frozen messages, "Queued: 2", the relay's "Waiting for SMTP
 * settings"). The owner sets a real SMTP server up (started by the test): each recipient gets
 * their own message once, both devices see "Sent: 2", Ada's timeline shows it. Ada follows her
 * unsubscribe link and the next campaign leaves her out as "Unsubscribed" on both devices. Bob
 * records a response and Alice sees it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { testSmtp } from '../server/smtp-test-server';
import {
	createPerson,
	createWorkspace,
	invite,
	joinAs,
	waitOfflineReady,
	waitSynced
} from './helpers';

async function setField(page: Page, label: string, value: string) {
	await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByLabel(label, { exact: true }).blur();
}

/** A person interested in vegetarian food, with the consent and e-mail given. */
async function diner(
	page: Page,
	first: string,
	last: string,
	consent: 'granted' | 'unknown',
	email: string | null
): Promise<string> {
	const path = await createPerson(page, first, last);
	await page.getByLabel('Marketing consent', { exact: true }).selectOption(consent);
	await expect(page.getByLabel('Marketing consent', { exact: true })).toHaveValue(consent);
	if (email) {
		await page.getByRole('button', { name: 'Add email' }).click();
		await setField(page, 'Email 1', email);
		await expect(page.getByLabel('Email 1', { exact: true })).toHaveValue(email);
	}
	await page.getByLabel('Interests', { exact: true }).fill('vegetarian');
	await page.getByLabel('Interests', { exact: true }).press('Enter');
	await expect(
		page.getByRole('button', { name: 'Remove vegetarian from Interests' })
	).toBeVisible();
	return path;
}

/** The test's SMTP server: a port derived from this spec's relay port (E2E_PORT 4661). */
const SMTP_PORT = Number(process.env.E2E_PORT ?? 4317) + 10_000;

const position = (page: Page) => page.getByTestId('preview-position');
const previewText = (page: Page) => page.getByTestId('preview-text');
const body = (page: Page) => page.getByLabel('Body', { exact: true });

test('the vegetarian campaign: built, previewed, written by two, sent offline, seen by both', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const ws = await createWorkspace(baseURL!, 'Trattoria Verde');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	const ada = await diner(a, 'Ada', 'Lovelace', 'granted', 'ada@example.com');
	await diner(a, 'Ben', 'Okafor', 'granted', 'ben@example.com');
	await diner(a, 'Cleo', 'Carter', 'unknown', 'cleo@example.com'); // no consent
	await diner(a, 'Dan', 'Dunn', 'granted', null); // no address
	await createPerson(a, 'Eve', 'Meat'); // not in the segment

	// The segment: everyone interested in vegetarian food.
	await a.getByRole('link', { name: 'People', exact: true }).click();
	await a.getByRole('link', { name: 'Segments', exact: true }).click();
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 1 field').selectOption({ label: 'Interests' });
	await a.getByLabel('Condition 1 value').pressSequentially('vegetarian');
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('status')).toHaveText(
		'4 people match'
	);
	await a.getByLabel('Segment name').fill('Vegetarians');
	await a.getByRole('button', { name: 'Save segment' }).click();
	await expect(a).toHaveURL(/view=segments&id=/);

	// The campaign, made with the dialog.
	await a.getByRole('link', { name: 'Campaigns', exact: true }).click();
	await a.getByRole('button', { name: 'New campaign' }).click();
	const dialog = a.getByRole('dialog', { name: 'New campaign' });
	await dialog.getByRole('button', { name: 'Create campaign' }).click();
	await expect(dialog.getByRole('alert')).toHaveText('Give the campaign a name.');
	await dialog.getByLabel('Campaign name').fill('New vegetarian menu');
	await dialog.getByLabel('Segment').selectOption({ label: 'Vegetarians' });
	await dialog.getByRole('button', { name: 'Create campaign' }).click();
	await expect(a).toHaveURL(/\/campaigns\/[0-9a-f]{32}$/);
	const campaignPath = new URL(a.url()).pathname;

	await a.getByLabel('Subject', { exact: true }).fill('Our new menu, {{ firstName }}');
	await body(a).fill(
		'Dear {{firstName | "friend"}},\nyou like {{ interests }}.\n{{ favouriteDsh }}'
	);
	await expect(a.getByRole('list', { name: 'Template problems' })).toHaveText(
		'Body, line 3: unknown field "favouriteDsh"'
	);
	await expect(a.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
	await body(a).fill('Dear {{firstName | "friend"}},\nyou like {{ interests }}.');
	await expect(a.getByRole('list', { name: 'Template problems' })).toHaveCount(0);
	await waitSynced(a);

	// Bob opens it, goes offline and adds a line while Alice adds hers: both lines are kept.
	await b.goto(campaignPath);
	await expect(body(b)).toHaveValue('Dear {{firstName | "friend"}},\nyou like {{ interests }}.');
	await bob.context.setOffline(true);
	await body(b).press('ControlOrMeta+End');
	await body(b).pressSequentially('\nBob cooks for you.');
	await body(a).press('ControlOrMeta+End');
	await body(a).pressSequentially('\n\nOur new vegetarian menu is here.');
	await waitSynced(a);
	await bob.context.setOffline(false);
	await waitSynced(b);
	for (const page of [a, b]) {
		await expect(body(page)).toHaveValue(/Bob cooks for you\./);
		await expect(body(page)).toHaveValue(/Our new vegetarian menu is here\./);
	}
	await expect(body(b)).toHaveValue(await body(a).inputValue());

	// Who it reaches, who is left out and why, and each recipient's own message.
	await expect(a.getByTestId('audience-summary')).toContainText('2 of 4 people');
	await a.getByText('Left out (2)').click();
	await expect(a.getByRole('list', { name: 'Left out' }).getByRole('listitem')).toHaveText([
		'Cleo Carter — No marketing consent',
		'Dan Dunn — No address'
	]);
	await expect(position(a)).toHaveText('1 of 2');
	await expect(a.getByTestId('preview-subject')).toHaveText('Our new menu, Ada');
	await expect(previewText(a)).toContainText('Dear Ada,\nyou like vegetarian.');
	await a.getByRole('button', { name: 'Next recipient' }).click();
	await expect(position(a)).toHaveText('2 of 2');
	await expect(previewText(a)).toContainText('Dear Ben,');
	await expect(previewText(a)).not.toContainText('Ada');
	await a.getByRole('article', { name: 'Message to Ben Okafor' }).press('ArrowLeft');
	await expect(position(a)).toHaveText('1 of 2');
	await expect(previewText(a)).toContainText('Dear Ada,');

	// Sent offline: queued on Alice's device; Bob still sees a draft.
	await waitOfflineReady(a); // the app's files cached, for the offline reload below
	await alice.context.setOffline(true);
	await a.getByRole('button', { name: 'Send', exact: true }).click();
	await a
		.getByRole('dialog', { name: 'Send to 2 recipients?' })
		.getByRole('button', {
			name: 'Send now'
		})
		.click();
	await expect(a.getByText('Queued, leaves when online')).toBeVisible();
	await expect(a.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
	await expect(body(a)).toHaveAttribute('readonly', '');
	await b.waitForTimeout(1_000);
	await expect(b.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();

	// Alice leaves the page and reloads the app, still offline: the outbox (opened only on
	// demand) is not on any page now, yet it must leave when she reconnects.
	await a.getByRole('link', { name: 'People', exact: true }).click();
	// (a client-side navigation: reloading before it lands reloads the campaign's page)
	await expect(a).toHaveURL(/\/people$/);
	await a.reload();
	await expect(a.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();

	// Back online: the outbox reaches the relay, and through it Bob's device.
	await alice.context.setOffline(false);
	await waitSynced(a);
	await expect(b.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0, {
		timeout: 15_000
	});
	await expect(b.getByRole('list', { name: 'Delivery counts' })).toContainText('Queued: 2');
	// The relay's own status: it holds the messages until the owner sets SMTP up.
	await expect(b.getByRole('row', { name: /Ada Lovelace/ })).toContainText(
		'Waiting for SMTP settings',
		{ timeout: 15_000 }
	);
	await expect(body(b)).toHaveAttribute('readonly', '');
	await expect(position(b)).toHaveText('1 of 2');
	await expect(previewText(b)).toContainText('Dear Ada,\nyou like vegetarian.');
	await b.getByRole('button', { name: 'Next recipient' }).click();
	await expect(previewText(b)).toContainText('Dear Ben,');
	await expect(previewText(b)).toContainText('Bob cooks for you.');
	await a.goto(campaignPath);
	await expect(a.getByText('Handed to the relay')).toBeVisible();

	// The owner sets the workspace's SMTP server: each recipient gets their own message once,
	// both devices see it sent, and the relay logs it on Ada's timeline.
	const smtp = testSmtp({ port: SMTP_PORT, user: 'mailer', password: 'e2e-secret' });
	await smtp.start();
	try {
		const put = await fetch(`${baseURL}/api/workspaces/${ws.workspaceId}/smtp`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ownerToken}` },
			body: JSON.stringify({
				host: '127.0.0.1',
				port: SMTP_PORT,
				tls: 'none',
				user: 'mailer',
				password: 'e2e-secret',
				fromAddress: 'menu@verde.example',
				fromName: 'Trattoria Verde'
			})
		});
		expect(put.status).toBe(200);
		for (const page of [a, b])
			await expect(page.getByRole('list', { name: 'Delivery counts' })).toContainText('Sent: 2', {
				timeout: 30_000
			});
		expect(smtp.received.map((m) => m.to).sort()).toEqual([
			['ada@example.com'],
			['ben@example.com']
		]);
		const toAda = smtp.received.find((m) => m.to[0] === 'ada@example.com')!;
		const toBen = smtp.received.find((m) => m.to[0] === 'ben@example.com')!;
		expect(toAda.subject).toBe('Our new menu, Ada');
		expect(toAda.text).toContain('Dear Ada,\nyou like vegetarian.');
		expect(toAda.text).toContain('Bob cooks for you.');
		expect(toAda.html).toContain('<p>Dear Ada,<br>');
		expect(toBen.text).toContain('Dear Ben,');
		expect(toBen.text).not.toContain('Ada');

		await a.goto(ada);
		await expect(a.getByRole('region', { name: 'Timeline' })).toContainText('Our new menu, Ada', {
			timeout: 15_000
		});

		// Ada follows her unsubscribe link; the next campaign leaves her out on both devices.
		const link = /<([^>]+)>/.exec(toAda.headers.get('list-unsubscribe') ?? '')?.[1];
		expect(link).toMatch(/\/unsubscribe\//);
		const reader = await browser.newPage();
		await reader.goto(link!);
		await reader.getByRole('button', { name: 'Unsubscribe' }).click();
		await expect(reader.getByText(/You are unsubscribed/)).toBeVisible();
		await reader.close();
	} finally {
		await smtp.stop();
	}
	await expect(a.getByLabel('Marketing consent', { exact: true })).toHaveValue('refused', {
		timeout: 15_000
	});
	await a.goto('/campaigns');
	await a.getByRole('button', { name: 'New campaign' }).click();
	await a.getByLabel('Campaign name').fill('Autumn menu');
	await a.getByLabel('Segment').selectOption({ label: 'Vegetarians' });
	await a.getByRole('button', { name: 'Create campaign' }).click();
	await expect(a).toHaveURL(/\/campaigns\/[0-9a-f]{32}$/);
	const second = new URL(a.url()).pathname;
	await b.goto(second);
	for (const page of [a, b]) {
		await expect(page.getByTestId('audience-summary')).toContainText('1 of 4 people');
		await page.getByText('Left out (3)').click();
		await expect(page.getByRole('list', { name: 'Left out' })).toContainText(
			'Ada Lovelace — Unsubscribed'
		);
	}
	await a.goto(campaignPath);
	await b.goto(campaignPath);

	// A response recorded on Bob's device shows on Alice's.
	await b.getByLabel('Response of Ada Lovelace').selectOption('meeting');
	await expect(a.getByText('1 of 2 responded.')).toBeVisible({ timeout: 15_000 });
	await expect(a.getByLabel('Response of Ada Lovelace')).toHaveValue('meeting');
	await accessible(a, 'a sent campaign');

	// The list shows it sent, to two.
	await a.getByRole('link', { name: '← Campaigns' }).click();
	await expect(a.getByRole('link', { name: 'New vegetarian menu' })).toBeVisible();

	await alice.context.close();
	await bob.context.close();
});

/** axe (WCAG 2.1 A/AA) on the page as it is: no serious or critical violation. */
async function accessible(page: Page, what: string) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const bad = result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${what}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
	expect(bad).toEqual([]);
}

test('a letter campaign: letters to print, the mail-merge file, costs and results', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const ws = await createWorkspace(baseURL!, 'Trattoria Verde letters');
	const { context, page: a } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	for (const [first, last, street] of [
		['Ada', 'Lovelace', '1 Analytical Row'],
		['Ben', 'Okafor', '=2+3 Formula Way']
	]) {
		await diner(a, first, last, 'granted', null);
		await a.getByRole('button', { name: 'Add address' }).click();
		await setField(a, 'Address 1 street', street);
		await setField(a, 'Address 1 city', 'Berlin');
		await setField(a, 'Address 1 postcode', '10115');
		await expect(a.getByLabel('Address 1 postcode')).toHaveValue('10115');
	}
	await diner(a, 'Cy', 'Nowhere', 'granted', null); // no postal address
	await a.getByRole('link', { name: 'People', exact: true }).click();
	await a.getByRole('link', { name: 'Segments', exact: true }).click();
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 1 field').selectOption({ label: 'Interests' });
	await a.getByLabel('Condition 1 value').pressSequentially('vegetarian');
	await a.getByLabel('Segment name').fill('Vegetarians');
	await a.getByRole('button', { name: 'Save segment' }).click();
	await expect(a).toHaveURL(/view=segments&id=/);

	await a.getByRole('link', { name: 'Campaigns', exact: true }).click();
	await accessible(a, 'campaigns list');
	await a.getByRole('button', { name: 'New campaign' }).click();
	await accessible(a, 'new campaign dialog');
	const dialog = a.getByRole('dialog', { name: 'New campaign' });
	await dialog.getByLabel('Campaign name').fill('Menu by post');
	await dialog.getByLabel('Segment').selectOption({ label: 'Vegetarians' });
	await dialog.getByLabel('Channel').selectOption('letter');
	await dialog.getByRole('button', { name: 'Create campaign' }).click();
	await expect(a).toHaveURL(/\/campaigns\/[0-9a-f]{32}$/);
	const campaignPath = new URL(a.url()).pathname;
	await a.getByLabel('Subject', { exact: true }).fill('A new menu');
	await body(a).fill('Dear {{ firstName }} {{ lastName }},\n\nour menu is new.');
	await setField(a, 'Fixed cost', '10');
	await setField(a, 'Cost per recipient', '1.5');
	await expect(a.getByLabel('Cost per recipient')).toHaveValue('1.5');
	await expect(a.getByTestId('audience-summary')).toContainText('2 of 3 people');
	await expect(a.getByText('Left out (1)')).toBeVisible();
	await expect(a.getByTestId('preview-position')).toHaveText('1 of 2');
	await expect(a.getByRole('article', { name: 'Message to Ada Lovelace' })).toContainText(
		'1 Analytical Row'
	);
	await accessible(a, 'campaign page');

	await a.getByRole('button', { name: 'Freeze recipients and make the letters' }).click();
	await a
		.getByRole('dialog', { name: 'Make 2 letters?' })
		.getByRole('button', { name: 'Make the letters' })
		.click();
	await a.getByRole('link', { name: 'Print the letters' }).click();
	await expect(a.getByRole('article')).toHaveCount(2);
	await expect(a.getByRole('article', { name: 'Letter to Ada Lovelace' })).toContainText(
		'Dear Ada Lovelace,'
	);
	await accessible(a, 'letters');
	// Printed, each letter is a page of its own.
	await a.emulateMedia({ media: 'print' });
	await expect(a.getByRole('article').first()).toHaveCSS('break-after', 'page');
	await expect(a.getByRole('button', { name: 'Print the letters' })).toBeHidden();
	await a.emulateMedia({ media: 'screen' });

	const [download] = await Promise.all([
		a.waitForEvent('download'),
		a.getByRole('button', { name: 'Download mail-merge CSV' }).click()
	]);
	const csv = await new Promise<string>((resolve, reject) => {
		void download.createReadStream().then((stream) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
			stream.on('error', reject);
		}, reject);
	});
	expect(csv).toContain('Name,Address line 1,Address line 2');
	expect(csv).toContain('Ada Lovelace,1 Analytical Row,10115 Berlin');
	expect(csv).toContain(`Ben Okafor,'=2+3 Formula Way`); // formula-safe, as the list's export
	expect(csv).not.toMatch(/(^|,)=2\+3/m);

	// Results: the campaign's cost (10 + 2 × 1.5) and no revenue yet.
	await a.goto('/campaigns?view=results');
	const row = a.getByRole('row', { name: /Menu by post/ });
	await expect(row).toContainText('€13.00');
	await expect(row).toContainText('€0.00');
	await expect(a.getByRole('region', { name: 'Acquisition and retention costs' })).toContainText(
		'€13.00'
	);
	await accessible(a, 'campaign results');

	// On a 360 px phone no campaign screen scrolls sideways.
	await a.setViewportSize({ width: 360, height: 740 });
	const sideways = () =>
		a.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	for (const path of ['/campaigns', '/campaigns?view=results', campaignPath]) {
		await a.goto(path);
		await expect(a.getByRole('heading', { level: 1 }).first()).toBeVisible();
		expect(await sideways(), path).toBeLessThanOrEqual(0);
	}
	await context.close();
});
