/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Makes the app load with no network after one visit: the build and static files are cached on
 * install; navigations try the network (a fresh index.html after a deploy) and fall back to the
 * cached shell. The relay's own endpoints are never cached: sync data lives in IndexedDB.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `crm-${version}`;
const SHELL = '/index.html';
// `build` is empty under `vite dev`, where no index.html exists to cache.
const ASSETS = [...new Set([...build, ...files, ...(build.length > 0 ? [SHELL] : [])])];
const ASSET_SET = new Set(ASSETS);
/** Files named by their content hash. `build` leaves out the workers' bundles (they are not in
 * Vite's client manifest): they are cached the first time the page asks for one. */
const IMMUTABLE = '/_app/immutable/';
/** The relay's live endpoints: answers must never come from a cache. */
const LIVE_PREFIXES = ['/api', '/sync', '/healthz', '/metrics', '/calendar'];

function isLive(pathname: string): boolean {
	return LIVE_PREFIXES.some((p) => pathname === p || pathname.startsWith(p + '/'));
}

/**
 * Where the page's own content-hashed files are answered from this version's cache by the
 * browser itself (the Static Routing API, Chromium 123+): no fetch event, so the ~60 modules of
 * an open do not each wait for this worker to start and run. A file not in the cache falls back
 * to the network. The workers' bundles are left to the fetch handler, which caches them the
 * first time they are asked for (`build` does not name them).
 */
const ROUTED_TO_CACHE = ['entry', 'nodes', 'chunks', 'assets'].map((dir) => `${IMMUTABLE}${dir}/*`);

interface StaticRoutes {
	addRoutes?(
		rules: { condition: { urlPattern: { pathname: string } }; source: { cacheName: string } }[]
	): Promise<void>;
}

sw.addEventListener('install', (event) => {
	const routes = (event as ExtendableEvent & StaticRoutes).addRoutes?.(
		ROUTED_TO_CACHE.map((pathname) => ({
			condition: { urlPattern: { pathname } },
			source: { cacheName: CACHE }
		}))
	);
	event.waitUntil(
		(async () => {
			// A browser that cannot route keeps serving them through the fetch handler.
			await routes?.catch(() => {});
			const cache = await caches.open(CACHE);
			await cache.addAll(ASSETS);
			// A new version takes over at once: assets are content-hashed, old pages keep theirs.
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('crm-')) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin || isLive(url.pathname)) return;

	if (request.mode === 'navigate') {
		event.respondWith(navigate(request));
	} else if (ASSET_SET.has(url.pathname) || url.pathname.startsWith(IMMUTABLE)) {
		event.respondWith(cacheFirst(request, url.pathname));
	}
});

/** Network first, so a deploy shows at once; the cached shell when offline or the relay is down. */
async function navigate(request: Request): Promise<Response> {
	try {
		const response = await fetch(request);
		if (response.ok) return response;
		// 5xx from a restarting relay: the offline shell is more useful than an error page.
		if (response.status < 500) return response;
	} catch {
		// offline: fall through to the cached shell
	}
	const cached = await caches.match(SHELL, { cacheName: CACHE });
	return cached ?? Response.error();
}

async function cacheFirst(request: Request, pathname: string): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(pathname);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) await cache.put(pathname, response.clone());
	return response;
}
