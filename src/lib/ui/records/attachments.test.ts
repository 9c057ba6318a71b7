import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Attachments from './Attachments.svelte';
import { addedLine, type AttachmentStore } from './attachments';

const NOW = Date.UTC(2026, 11, 1, 12);

describe('addedLine', () => {
	const file = { hash: 'h', name: 'offer.pdf', type: 'application/pdf', size: 10 };
	it('says who added a file and when, as far as it is known', () => {
		const names = (id: string) => (id === 'm1' ? 'Dana' : id);
		expect(addedLine({ ...file, addedBy: 'm1', addedAt: NOW - 5 * 60_000 }, NOW, names)).toBe(
			'added by Dana, 5 minutes ago'
		);
		expect(addedLine({ ...file, addedBy: 'm2' }, NOW)).toBe('added by m2');
		expect(addedLine({ ...file, addedAt: NOW }, NOW)).toBe('added just now');
		expect(addedLine(file, NOW)).toBe('');
	});
});

/** A store that is never reached: the server render runs no effect and opens nothing. */
const store: AttachmentStore = {
	add: () => Promise.reject(new Error('not in this test')),
	has: () => Promise.reject(new Error('not in this test')),
	get: () => Promise.reject(new Error('not in this test')),
	pending: () => Promise.resolve([]),
	uploadPending: () => Promise.resolve(),
	uploadError: () => null,
	subscribe: () => () => {}
};

function html(canUpload: boolean): string {
	const files = [
		{ hash: 'a'.repeat(64), name: 'contract.pdf', type: 'application/pdf', size: 3.2 * 2 ** 20 },
		{ hash: 'b'.repeat(64), name: 'site.jpg', type: 'image/jpeg', size: 14 * 1024 }
	];
	const noop = () => {};
	return render(Attachments, {
		props: { files, canUpload, store, onattach: noop, onremove: noop }
	}).body;
}

describe('Attachments', () => {
	it('lists files with sizes, named remove buttons and a labelled file input', () => {
		const body = html(true);
		expect(body).toContain('Files (2)');
		expect(body).toMatch(/<button[^>]*class="name[^"]*"[^>]*>\s*contract\.pdf\s*<\/button>/);
		expect(body).toContain('3.2 MB');
		expect(body).toContain('14 KB');
		expect(body).toContain('aria-label="Remove contract.pdf"');
		expect(body).toContain('aria-label="Remove site.jpg"');
		const input = /<input id="([^"]+)"[^>]*type="file"[^>]*multiple/.exec(body);
		expect(input).not.toBeNull();
		expect(body).toMatch(
			new RegExp(`<label for="${input![1]}" class="button[^"]*">\\s*Attach files\\s*</label>`)
		);
	});

	it('offers no attaching or removing to a viewer', () => {
		const body = html(false);
		expect(body).toContain('contract.pdf');
		expect(body).not.toContain('type="file"');
		expect(body).not.toContain('Remove');
	});
});
