/**
 * The segment builder's pickers through the real app: a purchase condition picks its product
 * by typing (as a service request's product is picked), and the count follows the product
 * picked and cleared; a "within N km" condition takes its place as a latitude and a longitude,
 * each labelled, and a value out of range is named in the problems and cannot be saved.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs } from './helpers';

const count = (page: Page) => page.getByRole('region', { name: 'Preview' }).getByRole('status');
const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });

async function newProduct(page: Page, name: string, category: string) {
	await page.goto('/products');
	await page.getByRole('button', { name: 'New product' }).click();
	await page.getByLabel('Product name').fill(name);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
	await page.getByLabel('Category', { exact: true }).fill(category);
	await page.getByLabel('Category', { exact: true }).blur();
	await page.getByLabel('Price', { exact: true }).fill('10');
	await page.getByLabel('Price', { exact: true }).blur();
}

/** An order for `customer` of one `product`, entered with clicks. */
async function order(page: Page, customer: string, product: string) {
	await page.goto('/orders');
	await page.getByRole('button', { name: 'New order' }).click();
	const dialog = page.getByRole('dialog', { name: 'New order' });
	await dialog.getByRole('combobox', { name: 'Customer' }).fill(customer);
	await dialog.getByRole('option', { name: new RegExp(customer) }).click();
	await dialog.getByRole('button', { name: 'Create order' }).click();
	await expect(page).toHaveURL(/\/orders\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	await page.getByRole('button', { name: 'Add line' }).click();
	await line(page, 1).getByRole('combobox', { name: 'Product' }).fill(product);
	await line(page, 1).getByRole('combobox', { name: 'Product' }).press('Enter');
	await expect(page.getByLabel('Order total')).toHaveText('10 EUR');
}

test('a purchase condition picks its product by typing; a place is a latitude and a longitude', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const { page: a, context } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');

	await newProduct(a, 'Veggie box', 'Vegetarian');
	await newProduct(a, 'Sourdough loaf', 'Bakery');
	await createPerson(a, 'Ada', 'Byron');
	await createPerson(a, 'Ben', 'Okri');
	await order(a, 'Ada Byron', 'Veggie');
	await order(a, 'Ben Okri', 'Sourdough');

	await a.goto('/people?view=segments');
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 1 field').selectOption({ label: 'Purchases' });
	// Any product, any category, the last 90 days: both, once the worker has counted them.
	await expect(count(a)).toHaveText('2 people match', { timeout: 30_000 });

	// The product picked by typing part of its name, then Enter.
	const picker = a.getByRole('combobox', { name: 'Condition 1 product' });
	await picker.fill('sourd');
	await expect(a.getByRole('option', { name: /Sourdough loaf/ })).toBeVisible();
	await picker.press('Enter');
	await expect(picker).toHaveValue('Sourdough loaf');
	await expect(count(a)).toHaveText('1 person matches');
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('link')).toHaveText([
		'Ben Okri'
	]);
	// Picked with a click instead, the other product: Ada.
	await picker.fill('veg');
	await a.getByRole('option', { name: /Veggie box/ }).click();
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('link')).toHaveText([
		'Ada Byron'
	]);
	// Cleared: any product again.
	await a.getByRole('button', { name: 'Clear condition 1 product' }).click();
	await expect(count(a)).toHaveText('2 people match');

	// A place by latitude and longitude; out of range, it is named and nothing can be saved.
	await a.getByRole('button', { name: 'Add condition' }).click();
	await a.getByLabel('Condition 2 field').selectOption({ label: 'Location' });
	await a.getByLabel('Condition 2 operator').selectOption('within_km');
	await a.getByLabel('Condition 2 km').fill('25');
	await a.getByLabel('Condition 2 latitude').fill('95');
	await a.getByLabel('Condition 2 longitude').fill('13.405');
	await expect(a.getByLabel('Condition 2 latitude')).toHaveAttribute('aria-invalid', 'true');
	await expect(a.getByRole('list', { name: 'Problems' })).toContainText(
		'the latitude must be a number from -90 to 90'
	);
	await a.getByLabel('Segment name').fill('Near Berlin');
	await expect(a.getByRole('button', { name: 'Save segment' })).toBeDisabled();
	await a.getByLabel('Condition 2 latitude').fill('52.52');
	await expect(a.getByLabel('Condition 2 latitude')).toHaveAttribute('aria-invalid', 'false');
	await expect(a.getByRole('list', { name: 'Problems' })).toHaveCount(0);
	// Nobody's address carries coordinates here: nobody is near.
	await expect(count(a)).toHaveText('0 people match');
	await a.getByRole('button', { name: 'Save segment' }).click();
	await expect(a).toHaveURL(/view=segments&id=/);
	// The saved place comes back in the boxes.
	await a.reload();
	await expect(a.getByLabel('Condition 2 latitude')).toHaveValue('52.52');
	await expect(a.getByLabel('Condition 2 longitude')).toHaveValue('13.405');

	await context.close();
});
