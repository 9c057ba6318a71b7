import { describe, expect, it } from 'vitest';
import { historyCommand, isTextField, type ShortcutEvent } from './keyboard';

const body = { tagName: 'BODY' } as unknown as EventTarget;
const input = (type: string) => ({ tagName: 'INPUT', type }) as unknown as EventTarget;

function key(k: string, mods: Partial<ShortcutEvent> = {}): ShortcutEvent {
	return {
		key: k,
		ctrlKey: false,
		metaKey: false,
		shiftKey: false,
		altKey: false,
		target: body,
		...mods
	};
}

describe('historyCommand', () => {
	it('maps Ctrl+Z and Cmd+Z to undo', () => {
		expect(historyCommand(key('z', { ctrlKey: true }))).toBe('undo');
		expect(historyCommand(key('z', { metaKey: true }))).toBe('undo');
	});

	it('maps Ctrl/Cmd+Shift+Z and Ctrl+Y to redo', () => {
		expect(historyCommand(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
		expect(historyCommand(key('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
		expect(historyCommand(key('y', { ctrlKey: true }))).toBe('redo');
	});

	it('ignores plain keys, Alt combinations and Cmd+Y', () => {
		expect(historyCommand(key('z'))).toBeNull();
		expect(historyCommand(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
		expect(historyCommand(key('y', { metaKey: true }))).toBeNull();
		expect(historyCommand(key('s', { ctrlKey: true }))).toBeNull();
	});

	it('leaves text fields to the browser', () => {
		expect(historyCommand(key('z', { ctrlKey: true, target: input('text') }))).toBeNull();
		const area = { tagName: 'TEXTAREA' } as unknown as EventTarget;
		expect(historyCommand(key('z', { ctrlKey: true, target: area }))).toBeNull();
		const editable = { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget;
		expect(historyCommand(key('y', { ctrlKey: true, target: editable }))).toBeNull();
	});

	it('still acts on checkboxes, buttons and selects', () => {
		expect(historyCommand(key('z', { ctrlKey: true, target: input('checkbox') }))).toBe('undo');
		const button = { tagName: 'BUTTON' } as unknown as EventTarget;
		expect(historyCommand(key('z', { ctrlKey: true, target: button }))).toBe('undo');
	});
});

describe('isTextField', () => {
	it('treats an input without a type as text', () => {
		expect(isTextField({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
		expect(isTextField(null)).toBe(false);
		expect(isTextField(input('color'))).toBe(false);
	});
});
