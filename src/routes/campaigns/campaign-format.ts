/** How the campaign screens write times and amounts. */

/** 'Draft', or the send's date and time in the reader's zone. */
export function sentText(sentAt: number | null): string {
	if (sentAt === null) return 'Draft';
	return new Date(sentAt).toLocaleString(undefined, {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	});
}

/** An amount with its currency, or '—' when there is none to give. */
export function money(amount: number | null, currency: string): string {
	if (amount === null || !Number.isFinite(amount)) return '—';
	try {
		return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
	} catch {
		return `${amount.toFixed(2)} ${currency}`;
	}
}

/** A ratio as a percentage ('260%'), or '—'. */
export function percent(ratio: number | null): string {
	return ratio === null || !Number.isFinite(ratio) ? '—' : `${Math.round(ratio * 100)}%`;
}

/** '12 of 40'. */
export function nOfN(n: number, total: number): string {
	return `${n} of ${total}`;
}
