import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold } from '../search';
import { foldedEquals, foldedIncludes, foldedStartsWith } from './folded-text';

describe('folded text tests', () => {
	it('ignore case and accents', () => {
		expect(foldedIncludes('Chloé Dupré', 'dupre')).toBe(true);
		expect(foldedIncludes('CHLOÉ', 'loe')).toBe(true);
		expect(foldedIncludes('Chloé', 'dupre')).toBe(false);
		expect(foldedStartsWith('Éloïse', 'elo')).toBe(true);
		expect(foldedStartsWith('Éloïse', 'lo')).toBe(false);
		expect(foldedEquals('Łódź', 'lodz')).toBe(true);
		expect(foldedEquals('Łódź', 'lod')).toBe(false);
		expect(foldedEquals('Lod', 'lodz')).toBe(false);
	});

	it('handle characters that fold to several or none', () => {
		expect(foldedIncludes('Straße', 'strasse')).toBe(true);
		expect(foldedIncludes('abcß', 'css')).toBe(true);
		expect(foldedEquals('Æsir', 'aesir')).toBe(true);
		expect(foldedStartsWith('ß', 'ss')).toBe(true);
		// "e" followed by a combining acute accent folds to "e".
		expect(foldedEquals('Chloe\u0301', 'chloe')).toBe(true);
		expect(foldedIncludes('O’Brien', 'o’b')).toBe(true);
		expect(foldedIncludes('ΟΔΟΣ', 'οδοσ')).toBe(true);
		expect(foldedIncludes('party 🎉 time', '🎉 t')).toBe(true);
	});

	it('an empty needle is in everything', () => {
		expect(foldedIncludes('', '')).toBe(true);
		expect(foldedStartsWith('x', '')).toBe(true);
		expect(foldedEquals('', '')).toBe(true);
		expect(foldedEquals('x', '')).toBe(false);
	});

	it('always agree with fold() (property)', () => {
		const chars = fc.constantFrom(
			...'aAbBeEsSzZ 1-'.split(''),
			'é',
			'É',
			'ß',
			'æ',
			'Ø',
			'ł',
			'\u0301',
			'İ',
			'Σ',
			'ς',
			'’',
			'🎉',
			'\ud83c' // a lone surrogate, as broken input can hold
		);
		const text = fc.array(chars, { maxLength: 10 }).map((cs) => cs.join(''));
		fc.assert(
			fc.property(text, text, (hay, raw) => {
				const needle = fold(raw);
				expect(foldedIncludes(hay, needle)).toBe(fold(hay).includes(needle));
				expect(foldedStartsWith(hay, needle)).toBe(fold(hay).startsWith(needle));
				expect(foldedEquals(hay, needle)).toBe(fold(hay) === needle);
				// Needles taken from the value itself, so that matches are common too.
				const inner = fold(hay).slice(1, 4);
				expect(foldedIncludes(hay, inner)).toBe(true);
			}),
			{ numRuns: 2_000 }
		);
	});
});
