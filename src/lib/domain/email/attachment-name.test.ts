import { describe, expect, it } from 'vitest';
import { attachmentName } from './attachment-name';

describe('attachmentName', () => {
	it('keeps ordinary names, accents and spaces included', () => {
		expect(attachmentName('Devis 2026-118.pdf', 0)).toBe('Devis 2026-118.pdf');
		expect(attachmentName('Angebot für Müller.pdf', 0)).toBe('Angebot für Müller.pdf');
	});

	it('drops folders, Windows or Unix, and refuses names that are only dots', () => {
		expect(attachmentName('C:\\Users\\fl\\Documents\\offer.pdf', 0)).toBe('offer.pdf');
		expect(attachmentName('../../.bashrc', 0)).toBe('.bashrc');
		expect(attachmentName('..', 2)).toBe('attachment-3');
	});

	it('removes control characters and bidirectional overrides', () => {
		expect(attachmentName('invoice\u202efdp.exe', 0)).toBe('invoicefdp.exe');
		expect(attachmentName('a\u0000b\r\nc.txt', 0)).toBe('ab c.txt');
	});

	it('names a nameless attachment by its position', () => {
		expect(attachmentName(null, 0)).toBe('attachment-1');
		expect(attachmentName('   ', 4)).toBe('attachment-5');
	});

	it('shortens a very long name but keeps its extension', () => {
		const name = attachmentName('x'.repeat(5000) + '.pdf', 0);
		expect(name).toHaveLength(200);
		expect(name.endsWith('x.pdf')).toBe(true);
	});
});
