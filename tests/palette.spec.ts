/**
 * The command palette and the keyboard, through the real relay: a person a colleague creates is
 * found in the palette by email; an organization by name; actions create a record and open the
 * log dialog; "?" lists the shortcuts; g-then-letter, "/", j/k, Enter, e and Esc move around;
 * no shortcut fires while typing.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

async function newPerson(page: Page, first: string, last: string, email: string) {
	await page.goto('/people');
	await page.getByRole('button', { name: 'New person' }).click();
	await page.getByLabel('First name').fill(first);
	await page.getByLabel('Last name').fill(last);
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
}

/**
 * Holds back the next `close` event of a dialog (Esc closes a dialog at once, its `close` event
 * comes a task later): what a keystroke landing in between sees. `releaseClose` sends it on.
 */
async function holdNextClose(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { heldClose?: EventTarget };
		const hold = (e: Event) => {
			e.stopImmediatePropagation();
			w.heldClose = e.target!;
			window.removeEventListener('close', hold, true);
		};
		window.addEventListener('close', hold, true);
	});
}

async function releaseClose(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { heldClose?: EventTarget };
		if (!w.heldClose) throw new Error('no close event was held');
		w.heldClose.dispatchEvent(new Event('close'));
		delete w.heldClose;
	});
}

test('the palette finds a colleague’s person by email and runs actions', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Palette co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;

	await newPerson(bob.page, 'Zofia', 'Nowakowska', 'zofia@kwiaty.example');
	await waitSynced(bob.page);

	await a.goto('/organizations');
	const search = a.getByRole('searchbox', { name: 'Search organizations' });
	await search.focus();
	await a.keyboard.press('Control+k');
	const dialog = a.getByRole('dialog', { name: 'Go to a record or run an action' });
	await expect(dialog).toBeVisible();
	const box = dialog.getByRole('combobox', { name: 'Go to a record or run an action' });
	await expect(box).toBeFocused();

	// Bob's person, by part of her email
	await box.fill('kwiaty');
	const option = dialog.getByRole('option', { name: /Zofia Nowakowska/ });
	await expect(option).toBeVisible();
	await expect(option).toHaveAttribute('aria-selected', 'true');
	// Esc closes and focus is back where it was
	await a.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(search).toBeFocused();

	// Enter opens the active option
	await a.keyboard.press('Control+k');
	await box.fill('zofia nowak');
	await expect(dialog.getByRole('option', { name: /Zofia Nowakowska/ })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await a.keyboard.press('Enter');
	await expect(a).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	await expect(a.getByLabel('First name')).toHaveValue('Zofia');

	// An action: a new organization, through the list's own form
	await a.keyboard.press('Control+k');
	await box.fill('new organiz');
	await expect(dialog.getByRole('option', { name: 'New organization' })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await a.keyboard.press('Enter');
	await expect(a).toHaveURL(/\/organizations$/);
	await a.getByLabel('Name').fill('Kwiaty sp. z o.o.');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);

	// Arrow keys move the active option; the organization is found by name
	await a.keyboard.press('Control+k');
	await box.fill('kwiaty');
	await expect(dialog.getByRole('option')).toHaveCount(2);
	await expect(dialog.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
	await a.keyboard.press('ArrowDown');
	const org = dialog.getByRole('option', { name: /Kwiaty sp\. z o\.o\./ });
	await expect(org).toHaveAttribute('aria-selected', 'true');
	await expect(box).toHaveAttribute('aria-activedescendant', (await org.getAttribute('id'))!);
	// Ctrl+K right after Esc, without waiting for the palette to close: it opens again, empty
	await a.keyboard.press('Escape');
	await a.keyboard.press('Control+k');
	await expect(dialog).toBeVisible();
	await expect(box).toBeFocused();
	await expect(box).toHaveValue('');
	// The same with the dialog's `close` event held back until after the Ctrl+K (the order a
	// loaded machine gives): the palette opens again and the late close does not shut it
	await holdNextClose(a);
	await a.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await a.keyboard.press('Control+k');
	await expect(dialog).toBeVisible();
	await releaseClose(a);
	await expect(box).toBeFocused();
	await box.fill('kwiaty');
	await expect(org).toBeVisible();
	await a.keyboard.press('Escape');
	await expect(dialog).toBeHidden();

	// Log a call: the L key's dialog, typed as a call
	await a.keyboard.press('Control+k');
	await box.fill('log a call');
	await a.keyboard.press('Enter');
	const log = a.getByRole('dialog', { name: /Log/ });
	await expect(log).toBeVisible();
	await expect(log.getByLabel('Type')).toHaveValue('call');
	await a.keyboard.press('Escape');
	await expect(log).toBeHidden();

	// Nothing matches: said, nothing to run
	await a.keyboard.press('Control+k');
	await box.fill('qqqzzz');
	await expect(dialog.getByRole('option')).toHaveCount(0);
	await expect(dialog.getByText('Nothing matches “qqqzzz”.')).toBeVisible();
	await a.keyboard.press('Enter');
	await expect(dialog).toBeVisible();
	await a.keyboard.press('Escape');

	await alice.context.close();
	await bob.context.close();
});

test('shortcuts: ?, g then a letter, /, j/k, Enter, e, Esc — never while typing', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Keys co');
	const { page: a, context } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Ada');
	await newPerson(a, 'Anna', 'Adamska', 'anna@example.com');
	await newPerson(a, 'Bartek', 'Bednarz', 'bartek@example.com');
	await a.goto('/people');
	await expect(a.getByRole('status').filter({ hasText: '2 people' })).toBeVisible();

	// "?" lists the shortcuts from the same table the keys use
	await a.keyboard.press('?');
	const help = a.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(help).toBeVisible();
	await expect(help.getByText('Command palette', { exact: false })).toBeVisible();
	await expect(help.getByText('Organizations', { exact: true })).toBeVisible();
	await a.keyboard.press('Escape');
	await expect(help).toBeHidden();

	// g then o goes to organizations, g then p back to people
	await a.keyboard.press('g');
	await a.keyboard.press('o');
	await expect(a).toHaveURL(/\/organizations$/);
	await a.keyboard.press('g');
	await a.keyboard.press('p');
	await expect(a).toHaveURL(/\/people$/);

	// "/" focuses the search; typing g, p, j, ? there is text, not a shortcut
	await a.keyboard.press('/');
	const search = a.getByRole('searchbox', { name: 'Search people' });
	await expect(search).toBeFocused();
	await a.keyboard.type('gpj?');
	await expect(search).toHaveValue('gpj?');
	await expect(a).toHaveURL(/\/people\?q=gpj%3F$/);
	await expect(help).toBeHidden();
	// Esc in the search clears it
	await a.keyboard.press('Escape');
	await expect(search).toHaveValue('');
	await expect(a).toHaveURL(/\/people$/);
	await search.blur();

	// j moves to the first row, j again to the second, k back; Enter opens it
	await a.keyboard.press('j');
	await expect(a.getByRole('link', { name: 'Anna Adamska' })).toBeFocused();
	await a.keyboard.press('j');
	await expect(a.getByRole('link', { name: 'Bartek Bednarz' })).toBeFocused();
	await a.keyboard.press('k');
	await expect(a.getByRole('link', { name: 'Anna Adamska' })).toBeFocused();
	await a.keyboard.press('Enter');
	await expect(a).toHaveURL(/\/people\/[0-9a-f-]{36}$/);

	// e focuses the first field; Esc there is the field's, Esc outside goes back to the list
	await a.keyboard.press('e');
	await expect(a.getByLabel('First name')).toBeFocused();
	await a.keyboard.type('x');
	await expect(a).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	await a.getByLabel('First name').press('Backspace');
	await a.getByLabel('First name').blur();
	await a.keyboard.press('Escape');
	await expect(a).toHaveURL(/\/people$/);
	await expect(a.getByRole('link', { name: 'Anna Adamska' })).toBeVisible();

	// A modifier the shortcut does not name: nothing happens
	await a.keyboard.press('Alt+g');
	await a.keyboard.press('o');
	await expect(a).toHaveURL(/\/people$/);
	await context.close();
});
