/**
 * How the end-to-end tests and the benches start Chromium: Debian's where it is installed (CI,
 * these machines), Playwright's own elsewhere; quiet, no GPU.
 *
 * Chromium 156 builds its omnibox popup as a WebUI page for every new tab, and in a headless
 * browser nobody ever sees it: on 2 cores that page's work took ~350 ms of a warm 10k open
 * (1,012–1,143 ms with it, 654–670 ms without, bench/RESULTS.md), time the app never had. Puppeteer
 * turns the two features off by default (puppeteer#15278); Playwright 1.65 does not.
 *
 * Chromium keeps only the last `--disable-features` of its command line, so ours repeats
 * Playwright's own list (playwright-core's `disabledFeatures`; tests/chromium.test.ts fails when
 * an upgrade adds one we lack) and appends the popup's two.
 */
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Playwright 1.65's `--disable-features` (automation fixes, no calls home). */
export const PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	'msForceBrowserSignIn',
	'msEdgeUpdateLaunchServicesPreferredVersion'
];

/** Chromium's own UI that a headless test browser makes and never shows. */
const UNSEEN_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_LAUNCH_OPTIONS = {
	executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNSEEN_UI_FEATURES].join(',')}`
	]
};
