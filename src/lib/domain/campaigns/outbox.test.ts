import { describe, expect, it } from 'vitest';
import {
	countStates,
	encode,
	readEntries,
	readExcluded,
	readMessage,
	readRequest,
	readResponse,
	readStatus
} from './outbox';

describe('campaign outbox values', () => {
	it('reads back what it encodes', () => {
		const request = { requestedAt: 5, requestedBy: 'm1', from: { name: 'Trattoria' } };
		expect(readRequest(encode(request))).toEqual(request);
		const message = { to: 'a@example.com', name: 'Ada', subject: 's', text: 't', html: '<p>t</p>' };
		expect(readMessage(encode(message))).toEqual(message);
		expect(readExcluded(encode({ reason: 'no-consent' }))).toEqual({ reason: 'no-consent' });
		const response = { kind: 'meeting', at: 9, by: 'm2' } as const;
		expect(readResponse(encode(response))).toEqual(response);
		expect(readStatus('{"state":"failed","at":3,"attempts":2,"reason":"550 no"}')).toEqual({
			state: 'failed',
			at: 3,
			attempts: 2,
			reason: '550 no'
		});
	});

	it('skips malformed entries and names them', () => {
		const { values, skipped } = readEntries(
			[
				['a', '{"state":"sent","at":1,"attempts":1}'],
				['b', '{"state":"exploded","at":1}'],
				['c', 'not json'],
				['d', 42],
				['e', '["sent"]'],
				['f', '{"state":"queued","at":-1}'],
				['g', '{"state":"queued","at":2}']
			],
			readStatus
		);
		expect([...values.keys()]).toEqual(['a', 'g']);
		expect(values.get('g')).toEqual({ state: 'queued', at: 2, attempts: 0 });
		expect(skipped).toEqual(['b', 'c', 'd', 'e', 'f']);
		expect(readMessage('{"to":7,"name":"","subject":"","text":"","html":""}')).toBeNull();
		expect(readMessage('{"to":"a@b.c","name":"A","subject":"s","text":"t"}')).toBeNull();
		expect(readRequest('{"requestedAt":1,"requestedBy":"m"}')).toBeNull();
		expect(readResponse('{"kind":"maybe","at":1,"by":"m"}')).toBeNull();
		expect(readExcluded('{"reason":"bored"}')).toBeNull();
	});

	it('counts states', () => {
		const s = (state: 'sent' | 'queued' | 'failed') => ({ state, at: 1, attempts: 1 });
		expect(countStates([s('sent'), s('sent'), s('failed'), s('queued')])).toEqual({
			queued: 1,
			sending: 0,
			sent: 2,
			failed: 1,
			unknown: 0
		});
	});
});
