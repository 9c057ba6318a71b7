/**
 * Products and orders through the real relay: one device adds a product with a 12-month
 * service interval and an order of it for a person with clicks; the person's page lists the
 * order and the service task the order planned for their owner, whose My day has it under
 * Upcoming. Another device sees both, edits a line offline while the first moves the status,
 * and both converge with one service task.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const recordTasks = (page: Page) => page.getByRole('region', { name: /^Tasks/ });
const ordersPanel = (page: Page) => page.getByRole('region', { name: /^Orders/ });
const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });
const SERVICE = 'Service due: Boiler X2';

async function setField(page: Page, label: string, value: string) {
	await page.getByLabel(label, { exact: true }).fill(value);
	await page.getByLabel(label, { exact: true }).blur();
}

async function setQuantity(page: Page, n: number, value: string) {
	const input = line(page, n).getByLabel('Quantity');
	await input.fill(value);
	await input.blur();
}

test('an order of a serviced product: the customer’s page, the owner’s service task, two devices', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Heating shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Alice adds the boiler to the catalogue: serviced every 12 months.
	await a.getByRole('link', { name: 'Products' }).click();
	await a.getByRole('button', { name: 'New product' }).click();
	await a.getByLabel('Product name').fill('Boiler X2');
	await a.getByLabel('SKU').fill('BX-2');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
	await setField(a, 'Price', '2400');
	await setField(a, 'Service interval (months)', '12');
	await expect(a.getByRole('heading', { level: 1 })).toContainText('Boiler X2');
	await expect(a.getByText('service every 12 months')).toBeVisible();

	// Ada is Alice's customer.
	const personPath = await createPerson(a, 'Ada', 'Byron');
	await a.getByLabel('Owner').selectOption({ label: 'Alice' });

	// A new order for Ada, picked by typing, with one line of the boiler.
	await a.getByRole('link', { name: 'Orders' }).click();
	await a.getByRole('button', { name: 'New order' }).click();
	const dialog = a.getByRole('dialog', { name: 'New order' });
	await dialog.getByRole('combobox', { name: 'Customer' }).fill('Ada');
	await dialog.getByRole('option', { name: /Ada Byron/ }).click();
	await dialog.getByLabel('Order number').fill('1001');
	await dialog.getByRole('button', { name: 'Create order' }).click();
	await expect(a).toHaveURL(/\/orders\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	const orderPath = new URL(a.url()).pathname;
	await expect(a.getByRole('combobox', { name: 'Customer' })).toHaveValue('Ada Byron');
	await a.getByRole('button', { name: 'Add line' }).click();
	await line(a, 1).getByRole('combobox', { name: 'Product' }).fill('Boil');
	await line(a, 1).getByRole('combobox', { name: 'Product' }).press('Enter');
	await expect(line(a, 1).getByLabel('SKU')).toHaveValue('BX-2');
	await expect(line(a, 1).getByLabel('Price')).toHaveValue('2400');
	// The total follows the quantity as it is typed, and is saved with it.
	await line(a, 1).getByLabel('Quantity').fill('2');
	await expect(a.getByLabel('Order total')).toHaveText('4,800 EUR');
	await line(a, 1).getByLabel('Quantity').blur();

	// Ada's page lists the order, and her Tasks the service it planned, for Alice.
	await a.goto(personPath);
	await expect(ordersPanel(a)).toContainText('Orders (1)');
	await expect(ordersPanel(a).getByRole('link', { name: 'Order 1001' })).toBeVisible();
	await expect(ordersPanel(a)).toContainText('4,800 EUR');
	await expect(recordTasks(a).getByRole('link', { name: SERVICE })).toBeVisible();
	await a.goto('/tasks');
	const upcoming = a.getByRole('region', { name: /^Upcoming/ });
	await expect(upcoming.getByRole('link', { name: SERVICE })).toBeVisible();

	// Bob sees the order and the task once they arrive.
	await b.goto(personPath);
	await expect(ordersPanel(b).getByRole('link', { name: 'Order 1001' })).toBeVisible();
	await expect(recordTasks(b).getByRole('link', { name: SERVICE })).toBeVisible();
	await b.goto(orderPath);
	await expect(line(b, 1).getByLabel('Quantity')).toHaveValue('2');

	// Bob, offline, changes the quantity; Alice meanwhile marks the order shipped.
	await a.goto(orderPath);
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await setQuantity(b, 1, '3');
	await expect(b.getByLabel('Order total')).toHaveText('7,200 EUR');
	await expect(syncStatus(b)).toContainText(/not yet confirmed/);
	await a.getByLabel('Status', { exact: true }).selectOption('shipped');
	await a.waitForTimeout(500);
	await expect(line(a, 1).getByLabel('Quantity')).toHaveValue('2');
	await bob.context.setOffline(false);
	await waitSynced(b);
	await waitSynced(a);
	for (const page of [a, b]) {
		await expect(page.getByLabel('Status', { exact: true })).toHaveValue('shipped');
		await expect(line(page, 1).getByLabel('Quantity')).toHaveValue('3');
		await expect(page.getByLabel('Order total')).toHaveText('7,200 EUR');
	}
	// One service task, on both devices.
	for (const page of [a, b]) {
		await page.goto(personPath);
		await expect(recordTasks(page).getByRole('link', { name: SERVICE })).toHaveCount(1);
		await expect(ordersPanel(page)).toContainText('7,200 EUR');
	}
	// The orders list has it, newest first, with its total.
	await b.goto('/orders');
	const row = b.getByRole('row', { name: /1001/ });
	await expect(row).toContainText('Ada Byron');
	await expect(row).toContainText('Shipped');
	await expect(row).toContainText('7,200 EUR');
});
