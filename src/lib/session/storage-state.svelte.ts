/** The device's storage: persistent or not, how full, and whether we are recovering from the relay. */
export class StorageState {
	persisted = $state(false);
	usage = $state(0);
	quota = $state(0);
	restoringFromRelay = $state(false);
	/** The device's copy has not answered within a few seconds: still waiting, and saying so. */
	slowToOpen = $state(false);
	/** Why the device's storage refused a write; while set, nothing more is accepted. */
	writeFailed = $state<string | null>(null);

	/** Asks the browser not to evict our data (granted for installed PWAs and engaged sites). */
	async requestPersistence(): Promise<void> {
		const storage = navigator.storage;
		if (!storage?.persist) return;
		this.persisted = (await storage.persisted()) || (await storage.persist());
		await this.refresh();
	}

	async refresh(): Promise<void> {
		const estimate = await navigator.storage?.estimate?.();
		if (!estimate) return;
		this.usage = estimate.usage ?? 0;
		this.quota = estimate.quota ?? 0;
	}
}
