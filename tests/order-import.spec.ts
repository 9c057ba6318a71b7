/**
 * Shop orders imported through the import page and the real relay: a Shopify export and a
 * WooCommerce export (the fixtures made from their documented headers, dated this month so
 * they fall in the months a workspace opens with) import with no manual step, their orders
 * land on the customer matched by e-mail, a second device sees them, and reverting one import
 * takes its orders away on both.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';
import { shopFile } from './shop-files';

const ordersPanel = (page: Page) => page.getByRole('region', { name: /^Orders/ });

async function chooseFile(page: Page, file: ReturnType<typeof shopFile>) {
	await page.getByLabel('CSV or vCard file').setInputFiles(file);
}

test('Shopify and WooCommerce order exports: preview, import, the customer’s orders, a second device, revert', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Coffee shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Anna is a customer already, with her shop address in another case than the shop's.
	await a.goto('/import-export');
	await chooseFile(a, {
		name: 'people.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(
			'First Name,Last Name,E-mail Address\nAnna,Schmidt,anna.schmidt@EXAMPLE.com\n'
		)
	});
	await a.getByRole('button', { name: 'Import 1 row' }).click();
	await expect(a.getByText('Import finished: 1 person created.')).toBeVisible();
	await a.getByRole('button', { name: 'Import another file' }).click();

	// The Shopify export: recognised, previewed, nothing to map.
	await chooseFile(a, shopFile('shopify-orders.csv'));
	await expect(a.getByTestId('order-summary')).toHaveText(
		/Shopify order export: 4 orders with 7 lines\. Customers: 2 matched by e-mail, 2 new\. Products: 5 new\./
	);
	const preview = a.getByRole('table', { name: /first 4 orders/ });
	await expect(preview.getByRole('row', { name: /#1001/ })).toContainText('Anna Schmidt');
	await expect(preview.getByRole('row', { name: /#1002/ })).toContainText('New: John Doe');
	await expect(preview.getByRole('row', { name: /#1003/ })).toContainText('Refunded');
	await expect(a.getByText('Every row reads cleanly.')).toBeVisible();
	await expect(a.getByRole('radio', { name: /Skip them/ })).toBeChecked();
	await expect(a.getByRole('radio', { name: /Add them as people/ })).toBeChecked();
	await a.getByRole('button', { name: 'Import 4 orders' }).click();
	await expect(
		a.getByText('Import finished: 4 orders created, 2 people created, 5 products created.')
	).toBeVisible();

	// The WooCommerce export, the same way: Anna's again, Tom is new.
	await a.getByRole('button', { name: 'Import another file' }).click();
	await chooseFile(a, shopFile('woocommerce-orders.csv'));
	await expect(a.getByTestId('order-summary')).toHaveText(
		/WooCommerce order export: 4 orders with 6 lines\. Customers: 2 matched by e-mail, 2 new\. Products: 3 new\./
	);
	await expect(a.getByText('4 dates have no time zone; read as UTC.')).toBeVisible();
	await a.getByRole('button', { name: 'Import 4 orders' }).click();
	await expect(
		a.getByText('Import finished: 4 orders created, 1 person created, 3 products created.')
	).toBeVisible();

	// The same file again doubles nothing: every order exists already.
	await a.getByRole('button', { name: 'Import another file' }).click();
	await chooseFile(a, shopFile('woocommerce-orders.csv'));
	await expect(a.getByTestId('order-summary')).toContainText('4 orders exist already.');
	await expect(a.getByRole('button', { name: 'Import 0 orders' })).toBeDisabled();
	await a.getByRole('button', { name: 'Choose another file' }).click();

	// Anna's page lists her four orders from both shops.
	await a.goto('/people');
	await a.getByRole('link', { name: 'Anna Schmidt' }).click();
	await expect(a).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	const annaPath = new URL(a.url()).pathname;
	await expect(ordersPanel(a)).toContainText('Orders (4)');
	for (const name of ['Order #1001', 'Order #1003', 'Order 812', 'Order 814'])
		await expect(ordersPanel(a).getByRole('link', { name })).toBeVisible();
	await waitSynced(a);

	// Bob's device has them through the relay.
	await b.goto(annaPath);
	await expect(ordersPanel(b)).toContainText('Orders (4)');
	await expect(ordersPanel(b).getByRole('link', { name: 'Order #1001' })).toBeVisible();
	await b.getByRole('link', { name: 'Orders', exact: true }).click();
	await expect(b.getByRole('link', { name: 'Order 813' })).toBeVisible();

	// Alice reverts the Shopify import in one step: its orders are gone on both devices.
	await a.goto('/import-export');
	await a.getByRole('button', { name: 'Revert import of shopify-orders.csv' }).click();
	await a.getByRole('dialog').getByRole('button', { name: 'Revert import' }).click();
	await expect(a.getByText(/Reverted .* by Alice/)).toBeVisible();
	await a.goto(annaPath);
	await expect(ordersPanel(a)).toContainText('Orders (2)');
	await expect(ordersPanel(a).getByRole('link', { name: 'Order #1001' })).toHaveCount(0);
	await expect(ordersPanel(a).getByRole('link', { name: 'Order 812' })).toBeVisible();
	await b.goto(annaPath);
	await expect(ordersPanel(b)).toContainText('Orders (2)');
	await expect(ordersPanel(b).getByRole('link', { name: 'Order #1003' })).toHaveCount(0);
	await expect(ordersPanel(b).getByRole('link', { name: 'Order 814' })).toBeVisible();

	await alice.context.close();
	await bob.context.close();
});
