/** The workspace's past imports, newest first, readable reactively by the import page. */
import { importsMap, listBatches, type ImportBatch } from './import-batch';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

export class ImportHistory {
	private readonly subscribe: () => void;

	constructor(private readonly ws: Workspace) {
		this.subscribe = subscriberOf(importsMap(ws.docs.core));
	}

	get list(): ImportBatch[] {
		this.subscribe();
		return listBatches(this.ws.docs.core);
	}
}
