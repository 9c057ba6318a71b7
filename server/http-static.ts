// Serves the built SPA. Unknown paths get index.html so client-side routes load; hashed assets
// under _app/immutable are cached forever; the service worker is always revalidated so a new
// release reaches installed apps.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES = new Map<string, string>(
	Object.entries({
		'.html': 'text/html; charset=utf-8',
		'.js': 'text/javascript; charset=utf-8',
		'.mjs': 'text/javascript; charset=utf-8',
		'.css': 'text/css; charset=utf-8',
		'.json': 'application/json; charset=utf-8',
		'.webmanifest': 'application/manifest+json; charset=utf-8',
		'.map': 'application/json; charset=utf-8',
		'.txt': 'text/plain; charset=utf-8',
		'.xml': 'application/xml; charset=utf-8',
		'.svg': 'image/svg+xml',
		'.png': 'image/png',
		'.jpg': 'image/jpeg',
		'.jpeg': 'image/jpeg',
		'.gif': 'image/gif',
		'.webp': 'image/webp',
		'.avif': 'image/avif',
		'.ico': 'image/x-icon',
		'.woff': 'font/woff',
		'.woff2': 'font/woff2',
		'.ttf': 'font/ttf',
		'.otf': 'font/otf',
		'.wasm': 'application/wasm',
		'.pdf': 'application/pdf',
		'.csv': 'text/csv; charset=utf-8',
		'.ics': 'text/calendar; charset=utf-8'
	})
);

function cacheControl(relative: string): string {
	if (relative === 'service-worker.js') return 'no-cache';
	if (relative.startsWith('_app/immutable/')) return 'public, max-age=31536000, immutable';
	return 'no-cache';
}

function fileAt(file: string): fs.Stats | null {
	try {
		const stat = fs.statSync(file);
		return stat.isFile() ? stat : null;
	} catch {
		return null;
	}
}

export function createStaticHandler(staticDir: string) {
	const root = path.resolve(staticDir);

	return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('method not allowed\n');
			return;
		}
		let decoded: string;
		try {
			decoded = decodeURIComponent(pathname);
		} catch {
			res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('bad path encoding\n');
			return;
		}
		const requested = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
		const inside = requested === root || requested.startsWith(root + path.sep);
		let file: string | null = null;
		let stat: fs.Stats | null = null;
		// Prerendered pages may be `page.html` or `page/index.html`; anything else is the SPA.
		for (const candidate of inside
			? [requested, requested + '.html', path.join(requested, 'index.html')]
			: []) {
			stat = fileAt(candidate);
			if (stat) {
				file = candidate;
				break;
			}
		}
		if (!file) {
			file = path.join(root, 'index.html');
			stat = fileAt(file);
			if (!stat) {
				res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
				res.end('The app is not built: run `npm run build` (or set STATIC_DIR).\n');
				return;
			}
		}
		const relative = path.relative(root, file).split(path.sep).join('/');
		const etag = `W/"${stat!.size.toString(16)}-${Math.floor(stat!.mtimeMs).toString(16)}"`;
		const headers = {
			'Content-Type': TYPES.get(path.extname(file).toLowerCase()) ?? 'application/octet-stream',
			'Cache-Control': cacheControl(relative),
			ETag: etag,
			'X-Content-Type-Options': 'nosniff'
		};
		if (req.headers['if-none-match'] === etag) {
			res.writeHead(304, headers);
			res.end();
			return;
		}
		res.writeHead(200, { ...headers, 'Content-Length': stat!.size });
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		fs.createReadStream(file)
			.on('error', () => res.destroy())
			.pipe(res);
	};
}
