// The unsubscribe link every campaign message carries, `/unsubscribe/<token>`:
//   GET   a small page with one button. Mail scanners and link previews fetch links, so a GET
//         changes nothing.
//   POST  records the opt-out on the person (consent 'refused', the relay's own field edit in the
//         person's shard: campaign-records.ts, relay-edits.ts) and answers a plain confirmation.
//         Mail apps' one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` here.
// A token this relay did not sign, or of a workspace that is gone: 404 with a plain message.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth.ts';
import { personDoc, recordUnsubscribe } from './campaign-records.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import { editDocument, type EditTarget } from './relay-edits.ts';
import type { UnsubscribeTokens } from './unsubscribe-tokens.ts';

const PATH = /^\/unsubscribe\/([^/]+)\/?$/;
/** A one-click body is a few bytes; anything larger is not read. */
const MAX_BODY_BYTES = 4096;

export interface UnsubscribeDeps {
	auth: Auth;
	tokens: UnsubscribeTokens;
	documents: EditTarget;
	metrics: Metrics;
	/** Recorded: messages to this person still waiting are not sent (CampaignSender). */
	onUnsubscribe(workspaceId: string, personId: string): void;
}

export function createUnsubscribe(deps: UnsubscribeDeps) {
	return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
		// With PostgreSQL, the shared secret is read at start: until then, no answer is sure.
		if (!deps.tokens.ready) {
			return plain(res, 503, 'Unsubscribing failed for a moment. Please try again in a minute.');
		}
		const token = PATH.exec(pathname)?.[1];
		const target = token ? deps.tokens.read(token) : null;
		const workspace = target && deps.auth.getWorkspace(target.workspaceId);
		if (!target || !workspace) {
			return plain(res, 404, 'This unsubscribe link is not valid. Nothing was changed.');
		}
		if (req.method === 'GET' || req.method === 'HEAD') {
			return page(res, workspace.name, req.method === 'HEAD');
		}
		if (req.method !== 'POST') {
			res.setHeader('Allow', 'GET, POST');
			return plain(res, 405, 'Use the button on this page to unsubscribe.');
		}
		await drain(req);
		let found = false;
		try {
			await editDocument(deps.documents, target.workspaceId, personDoc(target.personId), (doc) => {
				found = recordUnsubscribe(doc, target.personId, Date.now());
			});
		} catch (error) {
			log('unsubscribe_failed', { workspaceId: target.workspaceId, error: String(error) });
			return plain(res, 503, 'Unsubscribing failed for a moment. Please try again in a minute.');
		}
		deps.onUnsubscribe(target.workspaceId, target.personId);
		deps.metrics.campaignUnsubscribes++;
		log('campaign_unsubscribed', {
			workspaceId: target.workspaceId,
			campaignId: target.campaignId,
			personId: target.personId,
			found
		});
		// A person already deleted gets nothing more either: the same answer.
		plain(res, 200, `You are unsubscribed. ${workspace.name} will not send you campaigns again.`);
	};
}

async function drain(req: IncomingMessage): Promise<void> {
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) break;
	}
}

const HEADERS = {
	'Cache-Control': 'no-store',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Robots-Tag': 'noindex'
};

function plain(res: ServerResponse, status: number, message: string): void {
	res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
	res.end(message + '\n');
}

const escapeHtml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(res: ServerResponse, workspaceName: string, headOnly: boolean): void {
	const name = escapeHtml(workspaceName);
	const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Unsubscribe from ${name}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}</style>
</head>
<body>
<main>
<h1>Unsubscribe</h1>
<p>Stop receiving campaign emails from ${name}?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>
</main>
</body>
</html>
`;
	res.writeHead(200, {
		...HEADERS,
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
	});
	res.end(headOnly ? undefined : html);
}
