/**
 * Tasks in a calendar, through the real relay: a member adds tasks on a person's page with
 * clicks, downloads them as .ics, turns on the subscription link in Settings, and the link
 * (fetched as a calendar app would) serves them; a new link retires the old one, and turning
 * it off ends it.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import ICAL from 'ical.js';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const recordTasks = (page: Page) => page.getByRole('region', { name: /^Tasks/ });
const calendar = (page: Page) => page.getByRole('region', { name: 'Calendar' });

/** Each event of a calendar text by its summary, after ical.js has parsed it. */
function eventsOf(text: string): Map<string, ICAL.Component> {
	const parsed = new ICAL.Component(ICAL.parse(text));
	return new Map(
		parsed.getAllSubcomponents('vevent').map((e) => [String(e.getFirstPropertyValue('summary')), e])
	);
}

async function addTask(page: Page, title: string, day: string, time?: string) {
	const form = page.getByRole('form', { name: 'New task' });
	// The form stays open after a task is added, for the next one.
	if (!(await form.isVisible()))
		await recordTasks(page).getByRole('button', { name: 'Add a task' }).click();
	await form.getByLabel('Task title').fill(title);
	await form.getByLabel('Due date').fill(day);
	if (time) await form.getByLabel('Time', { exact: true }).fill(time);
	await form.getByRole('button', { name: 'Add task', exact: true }).click();
	await expect(recordTasks(page)).toContainText(title);
}

async function fetchFeed(request: APIRequestContext, url: string) {
	const res = await request.get(url);
	return { status: res.status(), type: res.headers()['content-type'], text: await res.text() };
}

test('my tasks as a downloaded .ics and as a subscription link that can be replaced and turned off', async ({
	browser,
	baseURL,
	request
}) => {
	const ws = await createWorkspace(baseURL!, 'Calendars');
	const { page } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Dana', {
		timezoneId: 'Europe/Warsaw',
		permissions: ['clipboard-read', 'clipboard-write']
	});

	await createPerson(page, 'Ada', 'Lovelace');
	await addTask(page, 'Send Ada the contract', '2031-05-20');
	await addTask(page, 'Call Ada, about the offer', '2031-05-21', '09:30');
	await waitSynced(page);

	// The download is made on the device: both tasks, what they are about, the timed one in UTC.
	await page.goto('/settings');
	const section = calendar(page);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		section.getByRole('button', { name: 'Download my tasks (.ics)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('my-tasks.ics');
	const file = eventsOf(readFileSync((await download.path())!, 'utf8'));
	expect([...file.keys()].sort()).toEqual(['Call Ada, about the offer', 'Send Ada the contract']);
	const allDay = file.get('Send Ada the contract')!;
	expect(String(allDay.getFirstPropertyValue('dtstart'))).toBe('2031-05-20');
	expect(allDay.getFirstPropertyValue('description')).toBe('About: Ada Lovelace');
	expect(allDay.getFirstPropertyValue('url')).toMatch(new RegExp(`^${baseURL}/tasks/[\\w-]+$`));
	const timed = file.get('Call Ada, about the offer')!;
	expect((timed.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
		'2031-05-21T07:30:00.000Z'
	);

	// The subscription link: made, shown in full, copied, and serving the same tasks.
	await section.getByRole('button', { name: 'Create calendar link' }).click();
	const field = section.getByLabel('Subscription link');
	await expect(field).toHaveValue(new RegExp(`^${baseURL}/calendar/[\\w-]{43}\\.ics$`));
	const url = await field.inputValue();
	await section.getByRole('button', { name: 'Copy', exact: true }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
	const served = await fetchFeed(request, url);
	expect(served.status).toBe(200);
	expect(served.type).toBe('text/calendar; charset=utf-8');
	expect([...eventsOf(served.text).keys()].sort()).toEqual([
		'Call Ada, about the offer',
		'Send Ada the contract'
	]);

	// Reopened, the page still shows the link this device made.
	await page.reload();
	await expect(calendar(page).getByLabel('Subscription link')).toHaveValue(url);

	// A new link retires the old one.
	await calendar(page).getByRole('button', { name: 'New link' }).click();
	await expect(calendar(page).getByLabel('Subscription link')).not.toHaveValue(url);
	const fresh = await calendar(page).getByLabel('Subscription link').inputValue();
	expect((await fetchFeed(request, url)).status).toBe(404);
	expect((await fetchFeed(request, fresh)).status).toBe(200);

	// Turned off: the link is gone, and so is the way to it.
	await calendar(page).getByRole('button', { name: 'Turn off' }).click();
	await expect(calendar(page).getByRole('button', { name: 'Create calendar link' })).toBeVisible();
	await expect(calendar(page).getByLabel('Subscription link')).toBeHidden();
	expect((await fetchFeed(request, fresh)).status).toBe(404);
});
