/**
 * Segments through the real relay: Alice builds "clients in Berlin who bought vegetarian
 * products in the last 90 days" with clicks over orders entered through the app's pages, and
 * the count follows each condition as it is typed. Bob moves a customer to Berlin on his
 * device and Alice's count moves; Bob, offline, turns a member into a lead, and Alice's count
 * moves when he reconnects. Bob's people list shows the saved segment's members.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const count = (page: Page) => page.getByRole('region', { name: 'Preview' }).getByRole('status');
const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });

async function setField(page: Page, label: string, value: string) {
	await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByLabel(label, { exact: true }).blur();
}

/** A client at an address in `city`. */
async function client(page: Page, first: string, last: string, city: string): Promise<string> {
	const path = await createPerson(page, first, last);
	await page.getByLabel('Kind', { exact: true }).selectOption('client');
	await page.getByRole('button', { name: 'Add address' }).click();
	await setField(page, 'Address 1 city', city);
	await expect(page.getByLabel('Address 1 city')).toHaveValue(city);
	return path;
}

/** An order for the customer with one line of the product typed. */
async function order(page: Page, customer: string, number: string, product: string) {
	await page.getByRole('link', { name: 'Orders', exact: true }).click();
	await page.getByRole('button', { name: 'New order' }).click();
	const dialog = page.getByRole('dialog', { name: 'New order' });
	await dialog.getByRole('combobox', { name: 'Customer' }).fill(customer);
	await dialog.getByRole('option', { name: new RegExp(customer) }).click();
	await dialog.getByLabel('Order number').fill(number);
	await dialog.getByRole('button', { name: 'Create order' }).click();
	await expect(page).toHaveURL(/\/orders\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	await page.getByRole('button', { name: 'Add line' }).click();
	await line(page, 1).getByRole('combobox', { name: 'Product' }).fill(product);
	await line(page, 1).getByRole('combobox', { name: 'Product' }).press('Enter');
	await expect(line(page, 1).getByLabel('Category')).toHaveValue('Vegetarian');
	await line(page, 1).getByLabel('Quantity').fill('2');
	await line(page, 1).getByLabel('Quantity').blur();
	await expect(page.getByLabel('Order total')).toHaveText('60 EUR');
}

test('a segment built with clicks, its count live across two devices, one offline', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// A vegetarian product, and two clients who bought it: Ada in Berlin, Bert in Munich.
	await a.getByRole('link', { name: 'Products', exact: true }).click();
	await a.getByRole('button', { name: 'New product' }).click();
	await a.getByLabel('Product name').fill('Veggie box');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
	await setField(a, 'Category', 'Vegetarian');
	await setField(a, 'Price', '30');
	const ada = await client(a, 'Ada', 'Byron', 'Berlin');
	const bert = await client(a, 'Bert', 'Brecht', 'Munich');
	await client(a, 'Cleo', 'Carter', 'Berlin'); // a client in Berlin who bought nothing
	await order(a, 'Ada Byron', '1001', 'Veggie');
	await order(a, 'Bert Brecht', '1002', 'Veggie');

	// The builder: each condition narrows the count as it is made.
	await a.getByRole('link', { name: 'People', exact: true }).click();
	await a.getByRole('link', { name: 'Segments', exact: true }).click();
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 1 field').selectOption({ label: 'Kind' });
	await a.getByLabel('Condition 1 value').pressSequentially('client');
	await expect(count(a)).toHaveText('3 people match');
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 2 field').selectOption({ label: 'Purchases' });
	await expect(a.getByLabel('Condition 2 operator')).toHaveValue('bought');
	await expect(a.getByLabel('Condition 2 days')).toHaveValue('90');
	await a.getByLabel('Condition 2 category').pressSequentially('vegetarian');
	// The purchases engine computes off the page: Ada and Bert once their orders are counted.
	await expect(count(a)).toHaveText('2 people match', { timeout: 30_000 });
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 3 field').selectOption({ label: 'City' });
	await a.getByLabel('Condition 3 operator').selectOption({ label: 'is' });
	// Per keystroke: "b" is no city, "berlin" is Ada's (case ignored).
	await a.getByLabel('Condition 3 value').pressSequentially('b');
	await expect(count(a)).toHaveText('0 people match');
	await a.getByLabel('Condition 3 value').pressSequentially('erlin');
	await expect(count(a)).toHaveText('1 person matches');
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('link')).toHaveText([
		'Ada Byron'
	]);

	// A nested OR group: Berlin or Munich widens it again, then it is removed.
	await a.getByRole('button', { name: 'Add group', exact: true }).click();
	await a.getByLabel('Group 4 matches').selectOption('any');
	await a.getByLabel('Condition 4.1 field').selectOption({ label: 'City' });
	await a.getByLabel('Condition 4.1 value').fill('munich');
	await expect(count(a)).toHaveText('0 people match'); // Berlin AND (Munich): nobody
	await a.getByRole('button', { name: 'Remove group 4' }).click();
	await expect(count(a)).toHaveText('1 person matches');

	await a.getByLabel('Segment name').fill('Berlin vegetarians');
	await a.getByRole('button', { name: 'Save segment' }).click();
	await expect(a).toHaveURL(/view=segments&id=/);
	await expect(a.getByLabel('Saved segments')).toHaveValue(/.+/);
	await waitSynced(a);

	// Bob moves Bert to Berlin: Alice's count moves.
	await b.goto(bert);
	await setField(b, 'Address 1 city', 'Berlin');
	await waitSynced(b);
	await expect(count(a)).toHaveText('2 people match', { timeout: 10_000 });

	// Bob's people list shows the saved segment's members.
	await b.goto('/people');
	await b
		.getByRole('combobox', { name: /^Segment\b/ })
		.selectOption({ label: 'Berlin vegetarians' });
	await expect(b).toHaveURL(/segment=/);
	await expect(b.getByRole('status').filter({ hasText: /people$/ })).toHaveText('2 people');

	// Offline, Bob turns Ada into a lead; Alice sees it when he reconnects.
	await b.goto(ada);
	await bob.context.setOffline(true);
	await b.getByLabel('Kind', { exact: true }).selectOption('lead');
	await expect(b.getByLabel('Kind', { exact: true })).toHaveValue('lead');
	await a.waitForTimeout(1_000);
	await expect(count(a)).toHaveText('2 people match');
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(count(a)).toHaveText('1 person matches', { timeout: 15_000 });

	await alice.context.close();
	await bob.context.close();
});
