/**
 * Figures as the reader writes them (Intl, the browser's locale): amounts with their currency,
 * counts, hours and days with their unit, shares as percentages. One formatter per unit and
 * locale, made once.
 */
import type { ReportUnit } from '$lib/domain/reports/report';

const formats = new Map<string, Intl.NumberFormat>();

function formatOf(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
	let f = formats.get(key);
	if (!f) formats.set(key, (f = make()));
	return f;
}

export function formatValue(value: number | null, unit: ReportUnit, locale?: string): string {
	if (value === null || !Number.isFinite(value)) return '—';
	const l = locale ?? '';
	switch (unit.kind) {
		case 'currency':
			return formatOf(
				`c:${unit.currency}:${l}`,
				() =>
					new Intl.NumberFormat(locale, {
						style: 'currency',
						currency: unit.currency,
						maximumFractionDigits: 0
					})
			).format(value);
		case 'percent':
			return formatOf(
				`p:${l}`,
				() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
			).format(value / 100);
		case 'hours':
			return formatOf(
				`h:${l}`,
				() =>
					new Intl.NumberFormat(locale, {
						style: 'unit',
						unit: 'hour',
						unitDisplay: 'short',
						maximumFractionDigits: 1
					})
			).format(value);
		case 'days':
			return formatOf(
				`d:${l}`,
				() =>
					new Intl.NumberFormat(locale, {
						style: 'unit',
						unit: 'day',
						unitDisplay: 'short',
						maximumFractionDigits: 1
					})
			).format(value);
		case 'count':
			return formatOf(
				`n:${l}`,
				() => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
			).format(value);
	}
}

/** "+12 %" against the previous period; '' when there is nothing to compare with. */
export function changeText(value: number, previous: number | undefined, locale?: string): string {
	if (previous === undefined) return '';
	if (previous === 0) return value === 0 ? 'no change' : 'new';
	const share = (value - previous) / Math.abs(previous);
	const f = formatOf(
		`s:${locale ?? ''}`,
		() =>
			new Intl.NumberFormat(locale, {
				style: 'percent',
				maximumFractionDigits: 0,
				signDisplay: 'exceptZero'
			})
	);
	return f.format(share);
}

/**
 * A figure set against the previous period, as a card says it: "+12% vs previous period
 * (€4,464)"; a share moves in points ("+3.2 points vs previous period (12%)"), since a change
 * of a percentage in percent reads as nonsense.
 */
export function comparisonText(
	value: number,
	previous: number,
	unit: ReportUnit,
	locale?: string
): string {
	const before = `(${formatValue(previous, unit, locale)})`;
	if (unit.kind === 'percent') {
		const points = Math.round((value - previous) * 10) / 10;
		if (points === 0) return `no change vs previous period ${before}`;
		const f = formatOf(
			`pp:${locale ?? ''}`,
			() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })
		);
		return `${f.format(points)} ${Math.abs(points) === 1 ? 'point' : 'points'} vs previous period ${before}`;
	}
	if (value === previous) return `no change vs previous period ${before}`;
	return `${changeText(value, previous, locale)} vs previous period ${before}`;
}
