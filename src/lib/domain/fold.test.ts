import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digitsOnly, fold, foldUnit } from './fold';

describe('fold', () => {
	it('lower-cases and strips accents', () => {
		expect(fold('Éloïse Ångström')).toBe('eloise angstrom');
		expect(fold('ÇA VA, François?')).toBe('ca va, francois?');
		expect(fold('Straße Œuvre Łódź Ørsted Æsir')).toBe('strasse oeuvre lodz orsted aesir');
		expect(fold('İstanbul')).toBe('istanbul');
		expect(fold('Ελλάδα ΟΔΟΣ')).toBe('ελλαδα οδοσ');
		expect(fold('plain ascii 123')).toBe('plain ascii 123');
	});

	it('folds decomposed input like composed input', () => {
		expect(fold('e\u0301le\u0300ve')).toBe('eleve');
		expect(fold('Élève'.normalize('NFD'))).toBe(fold('Élève'));
	});

	it('keeps emoji and astral characters intact', () => {
		expect(fold('Café ☕ 😀')).toBe('cafe ☕ 😀');
	});

	it('agrees with NFD-and-strip for Latin text (property)', () => {
		const latin = fc.string({
			unit: fc.integer({ min: 0x20, max: 0x24f }).map((c) => String.fromCharCode(c))
		});
		fc.assert(
			fc.property(latin, (s) => {
				const reference = s
					.toLowerCase()
					.normalize('NFD')
					.replace(/[\u0300-\u036f]/g, '');
				// Letters NFD leaves whole (with or without an accent stripped) fold further.
				const extras = /[ßæœøłđðþıħŧ]/;
				if (!extras.test(reference)) expect(fold(s)).toBe(reference);
			}),
			{ numRuns: 500 }
		);
	});

	it('folds an accented letter of those NFD leaves whole as that letter (found by a property below)', () => {
		// fast-check seed -1822775797 gave "Ǣ": "æ" once, "ae" folded again.
		expect(fold('Ǣ')).toBe('ae');
		expect(fold('ǣǽǿ Ǿ')).toBe('aeaeo o');
		expect(fold(fold('Ǣ'))).toBe(fold('Ǣ'));
	});

	it('is idempotent, and equal to folding unit by unit (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (s) => {
				const f = fold(s);
				expect(fold(f)).toBe(f);
				let units = '';
				for (let i = 0; i < s.length; i++) units += foldUnit(s, i);
				const hasAstral = /[\ud800-\udfff]/.test(s);
				if (!hasAstral) expect(units).toBe(f);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('digitsOnly', () => {
	it('keeps digits only', () => {
		expect(digitsOnly('+33 (0)6 12-34')).toBe('33061234');
		expect(digitsOnly('none')).toBe('');
	});
});
