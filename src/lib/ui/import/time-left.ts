/** "about 12 s left", from the pace so far; null until there is a pace to go by. */
export function timeLeft(
	p: { done: number; total: number; startedAt: number },
	now = Date.now()
): string | null {
	if (p.done <= 0 || p.done >= p.total) return null;
	const ms = ((now - p.startedAt) / p.done) * (p.total - p.done);
	if (!Number.isFinite(ms)) return null;
	const s = Math.ceil(ms / 1000);
	if (s < 60) return `about ${s} s left`;
	return `about ${Math.ceil(s / 60)} min left`;
}
