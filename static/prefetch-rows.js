// Starts reading the last opened workspace's list rows from this device while the app's code
// is still loading; src/lib/data/row-cache-prefetch.ts hands them to the row cache. Plain script
// (it runs before any module): opens the database Dexie made (crm-local, store rowCache)
// without creating it when missing, reads the two entries and closes it again.
(function () {
	try {
		var workspaceId = localStorage.getItem('crm:last-workspace');
		if (!workspaceId || !self.indexedDB) return;
		var keys = [workspaceId + ':person', workspaceId + ':organization'];
		var entries = new Promise(function (resolve) {
			var request = indexedDB.open('crm-local');
			var missing = false;
			request.onupgradeneeded = function () {
				missing = true;
				request.transaction.abort(); // no database yet: leave creating it to Dexie
			};
			request.onerror = function () {
				// No database: certainly no cached rows (a new or evicted device).
				resolve(missing ? { [keys[0]]: null, [keys[1]]: null } : null);
			};
			request.onblocked = function () {
				resolve(null);
			};
			request.onsuccess = function () {
				var db = request.result;
				if (!db.objectStoreNames.contains('rowCache')) {
					db.close();
					return resolve(null);
				}
				var store = db.transaction('rowCache').objectStore('rowCache');
				var found = {};
				var left = keys.length;
				keys.forEach(function (key) {
					var get = store.get(key);
					get.onsuccess = function () {
						found[key] = get.result || null;
						if (--left === 0) {
							db.close();
							resolve(found);
						}
					};
					get.onerror = function () {
						db.close();
						resolve(null);
					};
				});
			};
		});
		self.__crmRowCachePrefetch = { keys: keys, entries: entries };
	} catch {
		// Storage blocked (private mode): the app reads the cache itself, or has none.
	}
})();
