import { describe, expect, it } from 'vitest';
import { adjustSelection } from './caret';

describe('adjustSelection', () => {
	it('shifts the caret when text is inserted before it', () => {
		expect(adjustSelection('hello world', 'oh hello world', { start: 6, end: 6 })).toEqual({
			start: 9,
			end: 9
		});
	});

	it('keeps the caret when text is inserted after it', () => {
		expect(adjustSelection('hello world', 'hello world!!', { start: 5, end: 5 })).toEqual({
			start: 5,
			end: 5
		});
	});

	it('pulls the caret back when text before it is deleted', () => {
		expect(adjustSelection('abc def ghi', 'abc ghi', { start: 9, end: 11 })).toEqual({
			start: 5,
			end: 7
		});
	});

	it('puts the caret after the replacement when its text was replaced', () => {
		expect(adjustSelection('abc def ghi', 'abc XY ghi', { start: 5, end: 5 })).toEqual({
			start: 6,
			end: 6
		});
	});

	it('never leaves the caret past the end', () => {
		expect(adjustSelection('abcdef', '', { start: 6, end: 6 })).toEqual({ start: 0, end: 0 });
	});

	it('is a no-op for equal texts', () => {
		expect(adjustSelection('same', 'same', { start: 2, end: 3 })).toEqual({ start: 2, end: 3 });
	});
});
