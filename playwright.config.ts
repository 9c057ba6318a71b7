import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's Chromium where it is installed (CI, these machines); Playwright's own elsewhere.
const chromium = '/usr/bin/chromium';
const executablePath = existsSync(chromium) ? chromium : undefined;
const PORT = Number(process.env.E2E_PORT ?? 4317);
export const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'crm-e2e-'));
process.env.E2E_DATA_DIR = dataDir; // workers read the same relay's data dir

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'on-first-retry',
		...devices['Desktop Chrome'],
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node --import tsx server/main.ts',
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 30_000,
		env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir }
	}
});
