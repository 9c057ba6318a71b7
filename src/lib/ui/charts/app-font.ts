import { Chart } from 'chart.js';

/**
 * Charts draw their labels in the app's font (the first of app.css's `--font`, which every
 * browser the app supports resolves) at the type scale's smallest step, the one the page's small
 * print uses. chart.js's default (Helvetica, Arial) is another family, and each family, size and
 * weight a page draws is a font the renderer asks the system for the first time it is drawn.
 * Written, not read from the style: reading it while a page is being built would lay it out.
 */
export function drawChartsInAppFont(): void {
	Chart.defaults.font.family = 'system-ui, sans-serif';
	Chart.defaults.font.size = 12;
}
