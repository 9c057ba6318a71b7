// Starts reading the last opened workspace's list rows from this device while the app's code
// is still loading; src/lib/data/row-cache-prefetch.ts hands them to the row cache. Plain script
// (it runs before any module): opens the database Dexie made (crm-local, store rowCache)
// without creating it when missing, reads every entry of the workspace (one per record type,
// keyed `<workspaceId>:<type>`) and closes it again.
//
// It always settles, and soon: on the read transaction's end (complete, abort or error), on a
// failed or blocked open, or after READ_LIMIT_MS — the app then reads the cache itself. It shares
// nothing mutable with the app: the app once marked entries as taken on an array this script
// read later, which left nothing to read and a promise that never settled (the workspace then
// opened empty; see row-cache-prefetch.ts).
(function () {
	var READ_LIMIT_MS = 3000;
	try {
		var workspaceId = localStorage.getItem('crm:last-workspace');
		if (!workspaceId || !self.indexedDB) return;
		var prefix = workspaceId + ':';
		var entries = new Promise(function (resolve) {
			var settled = false;
			var db = null;
			function settle(value) {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				if (db) db.close();
				resolve(value);
			}
			var timer = setTimeout(function () {
				settle(null);
			}, READ_LIMIT_MS);
			var request = indexedDB.open('crm-local');
			var missing = false;
			request.onupgradeneeded = function () {
				missing = true;
				request.transaction.abort(); // no database yet: leave creating it to Dexie
			};
			request.onerror = function () {
				// No database: certainly no cached rows (a new or evicted device).
				settle(missing ? {} : null);
			};
			request.onblocked = function () {
				settle(null);
			};
			request.onsuccess = function () {
				db = request.result;
				if (settled) return db.close(); // too late: the app has read the cache itself
				if (!db.objectStoreNames.contains('rowCache')) return settle(null);
				try {
					var found = {};
					var tx = db.transaction('rowCache');
					// Every key that starts with the prefix (the prefix and a type's name).
					var range = IDBKeyRange.bound(prefix, prefix + '\uffff');
					var read = tx.objectStore('rowCache').getAll(range);
					read.onsuccess = function () {
						read.result.forEach(function (entry) {
							found[entry.key] = entry;
						});
					};
					tx.oncomplete = function () {
						settle(found);
					};
					tx.onabort = tx.onerror = function () {
						settle(null);
					};
				} catch {
					settle(null); // a closing database: the app reads the cache itself
				}
			};
		});
		self.__crmRowCachePrefetch = { prefix: prefix, entries: entries };
	} catch {
		// Storage blocked (private mode): the app reads the cache itself, or has none.
	}
})();
