import { describe, expect, it } from 'vitest';
import { fixedTestPort } from './test-port';

describe('fixedTestPort', () => {
	it('refuses a port the system may have handed to another socket, and keeps one below', () => {
		expect(() => fixedTestPort(56380)).toThrow(/pick a fixed test port below 32768/);
		expect(fixedTestPort(26380)).toBe(26380);
	});
});
