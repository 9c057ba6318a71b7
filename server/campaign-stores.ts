// Where campaign sending keeps its state: the SMTP settings, the unsubscribe secret, the ledger
// and which outboxes are done with. Without DATABASE_URL, files in DATA_DIR for one process,
// exactly as before; with it, tables in PostgreSQL shared by every relay process, and a lease
// per workspace so one process at a time sends its campaigns (pg-campaigns.ts).
import { CampaignLedger } from './campaign-ledger.ts';
import type { SenderDeps } from './campaign-sender.ts';
import { log } from './log.ts';
import { PgSmtpSettings, sharedSecret } from './pg-campaign-settings.ts';
import { PgCampaigns } from './pg-campaigns.ts';
import { SmtpSettingsStore, type SmtpSettingsSource } from './smtp-settings.ts';
import { UnsubscribeTokens, fileSecret } from './unsubscribe-tokens.ts';

export interface CampaignStores extends Pick<SenderDeps, 'ledger' | 'finished' | 'lease'> {
	settings: SmtpSettingsSource;
	tokens: UnsubscribeTokens;
	/**
	 * Reads what sending needs first (PostgreSQL: the tables, the secret, the settings), trying
	 * again until it can; `onSettings` hears of settings saved at any process.
	 */
	start(onSettings: (workspaceId: string) => void): Promise<void>;
	close(): Promise<void>;
}

const RETRY_MS = 2000;

export function campaignStores(dataDir: string, databaseUrl: string | null): CampaignStores {
	if (databaseUrl) return postgresStores(dataDir, databaseUrl);
	const ledger = new CampaignLedger(dataDir);
	return {
		settings: new SmtpSettingsStore(dataDir),
		tokens: new UnsubscribeTokens(dataDir),
		ledger,
		finished: ledger.finished,
		lease: null,
		start: () => Promise.resolve(),
		close: () => ledger.close()
	};
}

function postgresStores(dataDir: string, url: string): CampaignStores {
	let onSettings: (workspaceId: string) => void = () => {};
	const onError = (error: unknown) => log('campaign_store_error', { error: String(error) });
	const pg = new PgCampaigns(url, {
		onError,
		onSettingsNotice: (workspaceId) =>
			void settings.noticed(workspaceId).then(() => onSettings(workspaceId), onError)
	});
	const settings = new PgSmtpSettings(pg.pool, () => pg.ensureSchema(), onError);
	const tokens = new UnsubscribeTokens(null);
	let stopped = false;
	return {
		settings,
		tokens,
		ledger: pg,
		lease: pg,
		finished: {
			// Unused with a lease: stored outboxes not done with are crm_campaign_outboxes' open rows.
			has: () => false,
			add: (workspaceId, campaignId) => void pg.finish(workspaceId, campaignId).catch(onError),
			remove: (workspaceId, campaignId) => void pg.reopen(workspaceId, campaignId).catch(onError)
		},
		async start(listener) {
			onSettings = listener;
			while (!stopped) {
				try {
					await pg.ensureSchema();
					tokens.useSecret(await sharedSecret(pg.pool, fileSecret(dataDir)));
					await settings.start();
					return;
				} catch (error) {
					log('campaign_store_unreachable', { error: String(error) });
					await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
				}
			}
		},
		async close() {
			stopped = true;
			settings.stop();
			await pg.close();
		}
	};
}
