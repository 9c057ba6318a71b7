/**
 * Yjs' event handlers made when a type is first listened to. Yjs builds every type (each
 * record's Y.Map, each notes text) with two handler objects of its own, each with an empty array
 * (`_eH` for observe, `_dEH` for observeDeep): ~145 bytes a type in Node, ~75 in the page. The app
 * listens to each document's root maps, almost never to a record's own type, and a workspace of
 * 100k people with 1M interactions holds ~230k types: ~17 MB of empty handlers.
 *
 * Installed once per realm before any document is made, accessors on AbstractType's prototype
 * take the constructor's assignments (the empty handlers die young), hand a type nobody listens
 * to one frozen empty handler, and give a type its own once observe or observeDeep is called.
 * Written against yjs 13.6, whose only reads of the handlers are the constructor's, the
 * transaction's calls of listeners and observe/unobserve(Deep) (yjs-handlers.test.ts).
 */
import * as Y from 'yjs';

interface Handler {
	l: unknown[];
}

type Listen = (this: object, f: unknown) => void;

const NONE: Handler = Object.freeze({ l: Object.freeze([]) as unknown as unknown[] });
const INSTALLED = Symbol.for('crm.yjs-handlers');

function lazyHandler(key: '_eH' | '_dEH', observe: string, unobserve: string): void {
	const proto = Y.AbstractType.prototype as unknown as Record<string, Listen>;
	const own = new WeakMap<object, Handler>();
	Object.defineProperty(proto, key, {
		configurable: true,
		get(this: object) {
			return own.get(this) ?? NONE;
		},
		set(this: object, handler: Handler) {
			if (handler.l.length > 0) own.set(this, handler);
		}
	});
	const listen = proto[observe];
	proto[observe] = function (this: object, f: unknown) {
		if (!own.has(this)) own.set(this, { l: [] });
		listen.call(this, f);
	};
	const stop = proto[unobserve];
	proto[unobserve] = function (this: object, f: unknown) {
		// Never listened to: nothing to remove (Yjs would only log that it found nothing). A type
		// made before this was installed keeps its own handlers as properties.
		if (own.has(this) || Object.hasOwn(this, key)) stop.call(this, f);
	};
}

/** Makes Yjs' types create their event handlers on first use (once; harmless to call again). */
export function installLazyHandlers(): void {
	const proto = Y.AbstractType.prototype as unknown as Record<symbol, true>;
	if (proto[INSTALLED]) return;
	lazyHandler('_eH', 'observe', 'unobserve');
	lazyHandler('_dEH', 'observeDeep', 'unobserveDeep');
	proto[INSTALLED] = true;
}

installLazyHandlers();
