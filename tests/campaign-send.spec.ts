/**
 * Campaign sending through the real relay (issue #16, the relay's side) to a real SMTP server
 * the test starts on loopback (smtp-server): the owner sets the server in Settings → Email
 * sending (a wrong password is named, the right one connects), Alice sends the vegetarian
 * campaign, each recipient gets their own message once, both devices see it sent and Ada's
 * timeline shows it; Ada follows the unsubscribe link in her message and presses its button,
 * both devices show her consent refused, and the next campaign leaves her out as unsubscribed.
 */
import { expect, test, type Page } from '@playwright/test';
import { testSmtp } from '../server/smtp-test-server';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const SMTP_PORT = 4707;
const USER = 'trattoria';
const PASSWORD = 'e2e-Pa55word';

async function setField(page: Page, label: string, value: string) {
	await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByLabel(label, { exact: true }).blur();
}

/** A person interested in vegetarian food, with marketing consent and an address. */
async function diner(page: Page, first: string, last: string, email: string): Promise<string> {
	const path = await createPerson(page, first, last);
	await page.getByLabel('Marketing consent', { exact: true }).selectOption('granted');
	await expect(page.getByLabel('Marketing consent', { exact: true })).toHaveValue('granted');
	await page.getByRole('button', { name: 'Add email' }).click();
	await setField(page, 'Email 1', email);
	await expect(page.getByLabel('Email 1', { exact: true })).toHaveValue(email);
	await page.getByLabel('Interests', { exact: true }).fill('vegetarian');
	await page.getByLabel('Interests', { exact: true }).press('Enter');
	await expect(
		page.getByRole('button', { name: 'Remove vegetarian from Interests' })
	).toBeVisible();
	return path;
}

async function newCampaign(page: Page, name: string): Promise<string> {
	await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
	await page.getByRole('button', { name: 'New campaign' }).click();
	const dialog = page.getByRole('dialog', { name: 'New campaign' });
	await dialog.getByLabel('Campaign name').fill(name);
	await dialog.getByLabel('Segment').selectOption({ label: 'Vegetarians' });
	await dialog.getByRole('button', { name: 'Create campaign' }).click();
	await expect(page).toHaveURL(/\/campaigns\/[0-9a-f]{32}$/);
	return new URL(page.url()).pathname;
}

const smtp = testSmtp({ port: SMTP_PORT, user: USER, password: PASSWORD });
test.beforeAll(async () => smtp.start());
test.afterAll(async () => smtp.stop());

test('a campaign sent through the relay’s SMTP, on the timeline, and an unsubscribe honoured on both devices', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const ws = await createWorkspace(baseURL!, 'Trattoria Verde');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// The owner sets the mail server; Test names a wrong password, then connects.
	await a.goto('/settings');
	const email = a.getByRole('region', { name: 'Email sending' });
	await email.getByLabel('Server').fill('127.0.0.1');
	await email.getByLabel('Security').selectOption('none');
	await email.getByLabel('Port').fill(String(SMTP_PORT));
	await email.getByLabel('User name').fill(USER);
	await email.getByLabel('Password').fill('wrong-password');
	await email.getByLabel('From address').fill('news@trattoria.example');
	await email.getByLabel('From name').fill('Trattoria Verde');
	await email.getByLabel('Unsubscribe mailbox (optional)').fill('leave@trattoria.example');
	await email.getByRole('button', { name: 'Test connection' }).click();
	await expect(email.getByRole('alert')).toContainText('refused the user name or password');
	await email.getByLabel('Password').fill(PASSWORD);
	await email.getByRole('button', { name: 'Test connection' }).click();
	await expect(email.getByText('Connected and logged in')).toBeVisible();
	await email.getByRole('button', { name: 'Save' }).click();
	await expect(email.getByText('Saved. Campaigns are sent through this server')).toBeVisible();
	await expect(email.getByText('A password is saved. Leave this empty to keep it.')).toBeVisible();
	await expect(email.getByLabel('Password')).toHaveValue('');
	await expect(email.getByLabel('Unsubscribe mailbox (optional)')).toHaveValue(
		'leave@trattoria.example'
	);

	const adaPath = await diner(a, 'Ada', 'Lovelace', 'ada@example.com');
	await diner(a, 'Ben', 'Okafor', 'ben@example.com');

	// The segment, the campaign, and Send.
	await a.getByRole('link', { name: 'People', exact: true }).click();
	await a.getByRole('link', { name: 'Segments', exact: true }).click();
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 1 field').selectOption({ label: 'Interests' });
	await a.getByLabel('Condition 1 value').pressSequentially('vegetarian');
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('status')).toHaveText(
		'2 people match'
	);
	await a.getByLabel('Segment name').fill('Vegetarians');
	await a.getByRole('button', { name: 'Save segment' }).click();
	await expect(a).toHaveURL(/view=segments&id=/);
	const campaignPath = await newCampaign(a, 'New vegetarian menu');
	await a.getByLabel('Subject', { exact: true }).fill('Our new menu, {{ firstName }}');
	await a
		.getByLabel('Body', { exact: true })
		.fill('Dear {{firstName | "friend"}},\nour new vegetarian menu is here.');
	await expect(a.getByTestId('audience-summary')).toContainText('2 of 2 people');
	await waitSynced(a);
	await a.getByRole('button', { name: 'Send', exact: true }).click();
	await a
		.getByRole('dialog', { name: 'Send to 2 recipients?' })
		.getByRole('button', { name: 'Send now' })
		.click();

	// Each recipient gets their own message, once; both devices see them sent.
	await expect.poll(() => smtp.received.length, { timeout: 30_000 }).toBe(2);
	const toAda = smtp.received.find((m) => m.to.includes('ada@example.com'))!;
	const toBen = smtp.received.find((m) => m.to.includes('ben@example.com'))!;
	expect(toAda.subject).toBe('Our new menu, Ada');
	expect(toAda.text).toContain('Dear Ada,');
	expect(toBen.text).toContain('Dear Ben,');
	expect(toAda.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
	const link = /<(http[^>]+\/unsubscribe\/[^>]+)>/.exec(toAda.headers.get('list-unsubscribe')!)![1];
	// The one-click link first, then the owner's unsubscribe mailbox (RFC 8058, RFC 2369).
	expect(toAda.headers.get('list-unsubscribe')).toMatch(
		/^<http[^>]+>, <mailto:leave@trattoria\.example\?subject=Unsubscribe%20http[^>]+>$/
	);
	expect(toAda.text).toContain(link);
	await expect(a.getByRole('list', { name: 'Delivery counts' })).toContainText('Sent: 2');
	await b.goto(campaignPath);
	await expect(b.getByRole('list', { name: 'Delivery counts' })).toContainText('Sent: 2');

	// On Ada's timeline, on both devices.
	for (const page of [a, b]) {
		await page.goto(adaPath);
		await expect(
			page
				.getByRole('region', { name: /Timeline/ })
				.getByRole('link', { name: 'Our new menu, Ada' })
		).toBeVisible({ timeout: 15_000 });
	}

	// Ada follows the link in her mail: the page asks first (opening it changes nothing).
	const inbox = await browser.newContext();
	const mail = await inbox.newPage();
	await mail.goto(link);
	await expect(mail.getByRole('heading', { name: 'Unsubscribe' })).toBeVisible();
	await a.waitForTimeout(500);
	await expect(a.getByLabel('Marketing consent', { exact: true })).toHaveValue('granted');
	await mail.getByRole('button', { name: 'Unsubscribe' }).click();
	await expect(mail.getByText('You are unsubscribed.')).toBeVisible();
	await inbox.close();
	for (const page of [a, b]) {
		await expect(page.getByLabel('Marketing consent', { exact: true })).toHaveValue('refused', {
			timeout: 15_000
		});
	}

	// The next campaign leaves her out, as unsubscribed, on both devices.
	const nextPath = await newCampaign(a, 'Autumn menu');
	await expect(a.getByTestId('audience-summary')).toContainText('1 of 2 people');
	await a.getByText('Left out (1)').click();
	await expect(a.getByRole('list', { name: 'Left out' }).getByRole('listitem')).toHaveText([
		'Ada Lovelace — Unsubscribed'
	]);
	await waitSynced(a);
	await b.goto(nextPath);
	await expect(b.getByTestId('audience-summary')).toContainText('1 of 2 people');
	await b.getByText('Left out (1)').click();
	await expect(b.getByRole('list', { name: 'Left out' }).getByRole('listitem')).toHaveText([
		'Ada Lovelace — Unsubscribed'
	]);
	expect(smtp.received).toHaveLength(2);

	await alice.context.close();
	await bob.context.close();
});
