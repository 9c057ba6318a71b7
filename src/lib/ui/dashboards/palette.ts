/**
 * Colours readers with any colour vision tell apart: Okabe and Ito's palette (2008), and for
 * each series a pattern too (stripes, dots, crosses…) and a point shape, so colour is never
 * the only cue — in print in black and white as well. The previous period is the same colour,
 * paler, with its own hatching.
 */
export const OKABE_ITO = [
	'#0072B2', // blue
	'#E69F00', // orange
	'#009E73', // bluish green
	'#D55E00', // vermillion
	'#56B4E9', // sky blue
	'#CC79A7', // reddish purple
	'#F0E442', // yellow
	'#000000' // black
] as const;

export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'] as const;
export const DASHES: readonly number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

export function colourOf(i: number): string {
	return OKABE_ITO[i % OKABE_ITO.length];
}

type Mark = (ctx: CanvasRenderingContext2D, size: number) => void;

/** One mark per series, drawn over its colour in white. */
const MARKS: readonly Mark[] = [
	() => {}, // the first series is plain
	(ctx, s) => {
		ctx.beginPath();
		ctx.moveTo(0, s);
		ctx.lineTo(s, 0);
		ctx.stroke();
	},
	(ctx, s) => {
		ctx.beginPath();
		ctx.arc(s / 2, s / 2, s / 6, 0, Math.PI * 2);
		ctx.fill();
	},
	(ctx, s) => {
		ctx.beginPath();
		ctx.moveTo(s / 2, 0);
		ctx.lineTo(s / 2, s);
		ctx.moveTo(0, s / 2);
		ctx.lineTo(s, s / 2);
		ctx.stroke();
	},
	(ctx, s) => {
		ctx.beginPath();
		ctx.moveTo(0, 0);
		ctx.lineTo(s, s);
		ctx.stroke();
	},
	(ctx, s) => {
		ctx.fillRect(s / 3, s / 3, s / 3, s / 3);
	}
];

const patterns = new Map<string, CanvasPattern | string>();

/** The fill of series `i`: its colour with its mark; paler for the previous period. */
export function fillOf(i: number, previous = false): CanvasPattern | string {
	const key = `${i}:${previous}`;
	const cached = patterns.get(key);
	if (cached) return cached;
	const colour = colourOf(i);
	const size = 10;
	const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
	const ctx = canvas?.getContext('2d');
	if (!canvas || !ctx) return colour;
	canvas.width = canvas.height = size;
	ctx.fillStyle = colour;
	ctx.globalAlpha = previous ? 0.35 : 1;
	ctx.fillRect(0, 0, size, size);
	ctx.globalAlpha = 1;
	ctx.strokeStyle = ctx.fillStyle = previous ? colour : 'rgba(255,255,255,0.85)';
	ctx.lineWidth = 2;
	(previous ? MARKS[4] : MARKS[i % MARKS.length])(ctx, size);
	const pattern = ctx.createPattern(canvas, 'repeat') ?? colour;
	patterns.set(key, pattern);
	return pattern;
}
