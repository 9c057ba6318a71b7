/**
 * "Within N km of a place" for an address typed by hand: Bob's segment builder asks for people
 * within 10 km of Berlin's centre; Alice, on her device, gives Ada's address its latitude and
 * longitude on Ada's page, with the keyboard, and Bob's count moves to Ada. A latitude out of
 * range is named beside the boxes and saves nothing (Bob's count stays), as does half a place.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const count = (page: Page) => page.getByRole('region', { name: 'Preview' }).getByRole('status');
const addresses = (page: Page) => page.getByRole('group', { name: 'Addresses' });

/** Types into a box and leaves it with Tab, as a keyboard user does. */
async function typeInto(page: Page, label: string, value: string) {
	await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByLabel(label, { exact: true }).press('Tab');
}

test('coordinates typed on an address put the person within N km on another device', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	await createPerson(a, 'Ada', 'Byron');
	await a.getByRole('button', { name: 'Add address' }).click();
	await typeInto(a, 'Address 1 city', 'Berlin');
	await expect(a.getByLabel('Address 1 city')).toHaveValue('Berlin');
	await waitSynced(a);

	await b.goto('/people?view=segments');
	await b.getByRole('button', { name: 'Add condition' }).click();
	await b.getByLabel('Condition 1 field').selectOption({ label: 'Location' });
	await b.getByLabel('Condition 1 operator').selectOption('within_km');
	await b.getByLabel('Condition 1 km').fill('10');
	await b.getByLabel('Condition 1 latitude').fill('52.52');
	await b.getByLabel('Condition 1 longitude').fill('13.405');
	await expect(count(b)).toHaveText('0 people match');

	// Out of range: named beside the boxes, the box marked, nothing saved.
	await typeInto(a, 'Address 1 latitude', '95');
	await typeInto(a, 'Address 1 longitude', '13.41');
	await expect(addresses(a).getByRole('alert')).toContainText(
		'The latitude must be a number from -90 to 90'
	);
	await expect(a.getByLabel('Address 1 latitude')).toHaveAttribute('aria-invalid', 'true');
	// Half a place is no place either.
	await typeInto(a, 'Address 1 latitude', '');
	await expect(addresses(a).getByRole('alert')).toContainText('Enter the latitude too');
	await waitSynced(a);
	await expect(count(b)).toHaveText('0 people match');

	// Ada's address in Mitte, a decimal comma as a map may give it: 1 km from the centre.
	await typeInto(a, 'Address 1 latitude', '52,5275');
	await expect(addresses(a).getByRole('alert')).toHaveCount(0);
	await expect(a.getByLabel('Address 1 latitude')).toHaveAttribute('aria-invalid', 'false');
	await waitSynced(a);
	await expect(count(b)).toHaveText('1 person matches');
	await expect(b.getByRole('region', { name: 'Preview' }).getByRole('link')).toHaveText([
		'Ada Byron'
	]);

	// Kept: a reload shows the place saved, as a number.
	await a.reload();
	await expect(a.getByLabel('Address 1 latitude')).toHaveValue('52.5275');
	await expect(a.getByLabel('Address 1 longitude')).toHaveValue('13.41');

	// Emptied, both boxes: no place, and Ada is no longer near.
	await typeInto(a, 'Address 1 latitude', '');
	await typeInto(a, 'Address 1 longitude', '');
	await expect(addresses(a).getByRole('alert')).toHaveCount(0);
	await expect(count(b)).toHaveText('0 people match');

	await alice.context.close();
	await bob.context.close();
});
