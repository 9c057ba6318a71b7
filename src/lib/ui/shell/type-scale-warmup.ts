/**
 * Every step of the type scale (app.css) drawn once, out of sight, at an idle moment: the first
 * time a page draws a size and weight, the renderer asks the system for that font (on Linux a
 * synchronous call to the browser process, up to ~9 ms each) — inside the layout of the click
 * that opens the page. A person page's first layout made 4 such calls after the list's.
 */
/** The steps app.css declares as `--text-<step>` (type-scale.test.ts holds the two together). */
export const TYPE_SCALE_STEPS = ['xs', 'sm', 'md', 'lg', 'xl', '2xl'];
/** Normal, medium (a face of its own in some system fonts), semi-bold and bold. */
const WEIGHTS = ['400', '500', '600', '700'];

let warmed = false;

export function warmTypeScale(): void {
	if (warmed || typeof document === 'undefined') return;
	warmed = true;
	const box = document.createElement('div');
	box.setAttribute('aria-hidden', 'true');
	// Laid out (so its text is shaped) but not seen: visibility hidden, out of the page's flow.
	box.style.cssText = 'position:absolute;top:0;left:-10000px;visibility:hidden;white-space:nowrap';
	for (const step of TYPE_SCALE_STEPS)
		for (const weight of WEIGHTS) {
			const sample = document.createElement('span');
			sample.style.fontSize = `var(--text-${step})`;
			sample.style.fontWeight = weight;
			sample.textContent = 'Ag1';
			box.append(sample);
		}
	document.body.append(box);
	// Drawn in the next frame; gone in the one after.
	requestAnimationFrame(() => requestAnimationFrame(() => box.remove()));
}
