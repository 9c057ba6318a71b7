import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4317);
if (!process.env.E2E_DATA_DIR) {
	// Made once, by the main process; its workers load this file again and read the same one.
	process.env.E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
	process.env.E2E_DATA_DIR_MADE = process.env.E2E_DATA_DIR; // removed by tests/e2e-teardown.ts
}
export const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	globalTeardown: './tests/e2e-teardown.ts',
	fullyParallel: false,
	// Two at once on two cores: 11.4–12.9 min against 15.7–17.6 one at a time. In one such run an
	// edit typed right after an offline reload was gone after the next reload: the page went
	// before its write committed, and Chromium drops such a write (unsaved-changes.ts keeps them
	// now; tests/unload.spec.ts). Each test has its own browser context, so its own storage.
	workers: 2,
	forbidOnly: !!process.env.CI,
	// No retries: a test that fails once has found a bug (a retry once hid an empty open).
	retries: 0,
	// A whole test's bound is a backstop; a hang fails sooner, at its step's expect or action
	// timeout. Two-device tests load the app twenty times and more: tests/pipeline.spec.ts took
	// 28 s alone, 45–55 s beside the reload torture, and ran past 60 s in CI on 2 cores.
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		// A click on a control that never appears fails here, not at the test's timeout.
		actionTimeout: 15_000,
		trace: 'retain-on-failure',
		...devices['Desktop Chrome'],
		launchOptions: CHROMIUM_LAUNCH_OPTIONS
	},
	webServer: {
		command: 'node --import tsx server/main.ts',
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 30_000,
		// Every test creates workspaces from 127.0.0.1: the per-address creation limit is for
		// the open internet, and running out of it made one failure fail every later test.
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			CREATE_WORKSPACE_BURST: '100000',
			CREATE_WORKSPACE_PER_HOUR: '100000'
		}
	}
});
