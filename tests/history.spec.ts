/**
 * The history tells what happened to a record beyond field edits: notes typed (one entry per
 * burst of typing, with the text before and after), and whether an import did it — seen by a
 * colleague through the relay, also for notes typed while offline.
 */
import { expect, test } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

test('notes typed show in the history on both devices, once per burst, also when typed offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'History of notes');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');

	const path = await createPerson(alice.page, 'Ada', 'Lovelace');
	const notes = alice.page.getByLabel('Notes');
	await notes.click();
	await notes.pressSequentially('Prefers tea.', { delay: 20 });
	const aliceHistory = alice.page.getByRole('region', { name: 'History' });
	await expect(aliceHistory.getByText('Alice edited the notes')).toHaveCount(1);
	await waitSynced(alice.page);

	await bob.page.goto(path);
	const bobHistory = bob.page.getByRole('region', { name: 'History' });
	await expect(bobHistory.getByText('Alice edited the notes')).toHaveCount(1);
	await bobHistory.getByText('What changed').click();
	await expect(bobHistory.getByText('After: Prefers tea.')).toBeVisible();

	// Bob, offline, adds to them: the entry reaches Alice when he is back
	await bob.context.setOffline(true);
	const bobNotes = bob.page.getByLabel('Notes');
	await bobNotes.click();
	await bobNotes.press('End');
	await bobNotes.pressSequentially(' Allergic to nuts.', { delay: 20 });
	await expect(bobHistory.getByText('Bob edited the notes')).toHaveCount(1);
	await bob.context.setOffline(false);
	await waitSynced(bob.page);
	await expect(aliceHistory.getByText('Bob edited the notes')).toHaveCount(1);
	await expect(notes).toHaveValue('Prefers tea. Allergic to nuts.');

	await alice.context.close();
	await bob.context.close();
});

test('the first notes of a record, typed on two devices at once with one offline, are both kept', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'First notes at once');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	// Made without notes: the record holds no text until one is typed (data/record-texts.ts).
	const path = await createPerson(alice.page, 'Grace', 'Hopper');
	await waitSynced(alice.page);
	await bob.page.goto(path);
	await expect(bob.page.getByLabel('Last name')).toHaveValue('Hopper');

	await bob.context.setOffline(true);
	const bobNotes = bob.page.getByLabel('Notes');
	await bobNotes.click();
	await bobNotes.pressSequentially('Sent the quote.', { delay: 20 });
	const aliceNotes = alice.page.getByLabel('Notes');
	await aliceNotes.click();
	await aliceNotes.pressSequentially('Called on Monday.', { delay: 20 });
	await waitSynced(alice.page);
	await bob.context.setOffline(false);
	await waitSynced(bob.page);

	// One text on both devices, holding what each typed (the order is the merge's).
	for (const page of [alice.page, bob.page]) {
		const notes = page.getByLabel('Notes');
		await expect(notes).toHaveValue(/Sent the quote\./);
		await expect(notes).toHaveValue(/Called on Monday\./);
	}
	const merged = await aliceNotes.inputValue();
	await expect(bobNotes).toHaveValue(merged);
	expect(merged).toHaveLength('Sent the quote.'.length + 'Called on Monday.'.length);
	// And on the device after a reload, from its own storage.
	await bob.page.reload();
	await expect(bob.page.getByLabel('Notes')).toHaveValue(merged);

	await alice.context.close();
	await bob.context.close();
});
