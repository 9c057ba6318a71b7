import { expect, it, vi } from 'vitest';
import { buildMsg, text } from './fixtures/outlook-msg';

// What a browser build without the `buffer` alias sees: msgreader fails to load.
vi.mock('@kenjiuno/msgreader', () => {
	throw new TypeError("Cannot read properties of undefined (reading 'prototype')");
});

it('says what to do when the .msg reader cannot load, instead of showing its error', async () => {
	const { parseEmailFile } = await import('./parse-email');
	expect(await parseEmailFile('Devis.msg', buildMsg([text('0037', 'Devis')]))).toEqual({
		problem:
			'“Devis.msg” is an Outlook .msg file, which this version of the app cannot read. Save ' +
			'the message as an .eml file (Outlook on the web and the new Outlook can) and drop that.'
	});
});
