// REDIS_URL: unset is one process as always; a bad value stops the relay with a clear message.
import { expect, it } from 'vitest';
import { loadConfig } from './config.ts';

it('REDIS_URL is off unless set, and must be a redis:// or rediss:// URL', () => {
	expect(loadConfig({}).redisUrl).toBeNull();
	expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeNull();
	expect(loadConfig({ REDIS_URL: 'redis://cache:6379/0' }).redisUrl).toBe('redis://cache:6379/0');
	expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache:6380' }).redisUrl).toBe(
		'rediss://:pw@cache:6380'
	);
	for (const bad of ['http://cache:6379', 'cache:6379', 'not a url']) {
		expect(() => loadConfig({ REDIS_URL: bad })).toThrow(/REDIS_URL must be a redis:\/\//);
	}
});
