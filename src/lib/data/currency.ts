/**
 * The workspace currency and its exchange rates, in the core document's `meta` map: the
 * currency under one key, each rate under its own (domain/forecast/stored-rates.ts says why).
 * Reads are reactive; every write is one LOCAL_EDIT transaction, refused when the domain says no.
 */
import type * as Y from 'yjs';
import {
	exchangeRateProblem,
	currencyProblem,
	type ExchangeRate
} from '$lib/domain/forecast/rates';
import {
	CURRENCY_KEY,
	RATE_PREFIX,
	rateKey,
	readCurrency,
	readRates
} from '$lib/domain/forecast/stored-rates';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

/** What a rate form gives: typed text, checked before it is stored. */
export interface RateInput {
	from: string;
	rate: string;
	validFrom: string;
}

export class CurrencySettings {
	private readonly subscribe: () => void;
	private cache: ExchangeRate[] | null = null;

	constructor(
		private readonly doc: Y.Doc,
		private readonly meta: Y.Map<unknown>
	) {
		this.subscribe = subscriberOf(meta, false);
		meta.observe((e) => {
			for (const key of e.keysChanged) if (key.startsWith(RATE_PREFIX)) this.cache = null;
		});
	}

	/** The workspace currency (reactive). */
	get currency(): string {
		this.subscribe();
		return readCurrency(this.meta.get(CURRENCY_KEY));
	}

	/** Every readable rate, by day (reactive). */
	get rates(): ExchangeRate[] {
		this.subscribe();
		this.cache ??= readRates(this.meta.entries());
		return this.cache;
	}

	setCurrency(code: string): void {
		const problem = currencyProblem(code);
		if (problem) throw new Error(problem);
		this.doc.transact(() => this.meta.set(CURRENCY_KEY, code.trim().toUpperCase()), LOCAL_EDIT);
	}

	/** Adds a rate (id null) or replaces one; returns its id. */
	saveRate(id: string | null, input: RateInput): string {
		const to = this.currency;
		const problem = exchangeRateProblem(input.from, input.rate, input.validFrom, to);
		if (problem) throw new Error(problem);
		const key = id ?? crypto.randomUUID().replaceAll('-', '').slice(0, 12);
		const value = {
			from: input.from.trim().toUpperCase(),
			to,
			rate: Number(input.rate.trim().replace(',', '.')),
			validFrom: input.validFrom
		};
		this.doc.transact(() => this.meta.set(rateKey(key), value), LOCAL_EDIT);
		return key;
	}

	removeRate(id: string): void {
		this.doc.transact(() => this.meta.delete(rateKey(id)), LOCAL_EDIT);
	}
}

const settings = new WeakMap<Workspace, CurrencySettings>();

/** The currency settings of an open workspace (one reader per workspace). */
export function currencyOf(ws: Workspace): CurrencySettings {
	let s = settings.get(ws);
	if (!s) settings.set(ws, (s = new CurrencySettings(ws.docs.core, ws.layout.meta)));
	return s;
}
