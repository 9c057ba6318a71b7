/**
 * Runs a page's own button by its name once the page shows it enabled (a list's "New person" is
 * disabled until the workspace's copy has loaded). Bounded: gives up after `timeoutMs`.
 */
export async function clickButtonWhenReady(name: string, timeoutMs = 5000): Promise<boolean> {
	const end = performance.now() + timeoutMs;
	for (;;) {
		const button = [...document.querySelectorAll<HTMLButtonElement>('main button')].find(
			(b) => b.textContent?.trim() === name && !b.disabled
		);
		if (button) {
			button.click();
			return true;
		}
		if (performance.now() > end) return false;
		await new Promise((r) => setTimeout(r, 50));
	}
}
