/** String similarity for duplicate detection. */

// Scratch buffers reused across calls: duplicate scans compare millions of names.
let hitA = new Uint8Array(64);
let hitB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (1 = equal). Standard definition: matches within half
 * the longer length, transpositions halved, a common prefix of up to 4 chars boosted by 0.1.
 */
export function jaroWinkler(a: string, b: string): number {
	if (a === b) return 1;
	const la = a.length;
	const lb = b.length;
	if (la === 0 || lb === 0) return 0;
	const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
	if (hitA.length < la) hitA = new Uint8Array(la * 2);
	if (hitB.length < lb) hitB = new Uint8Array(lb * 2);
	const aHit = hitA.fill(0, 0, la);
	const bHit = hitB.fill(0, 0, lb);
	let matches = 0;
	for (let i = 0; i < la; i++) {
		const from = Math.max(0, i - window);
		const to = Math.min(lb - 1, i + window);
		const c = a.charCodeAt(i);
		for (let j = from; j <= to; j++) {
			if (bHit[j] || b.charCodeAt(j) !== c) continue;
			aHit[i] = 1;
			bHit[j] = 1;
			matches++;
			break;
		}
	}
	if (matches === 0) return 0;
	let transposed = 0;
	let j = 0;
	for (let i = 0; i < la; i++) {
		if (!aHit[i]) continue;
		while (!bHit[j]) j++;
		if (a.charCodeAt(i) !== b.charCodeAt(j)) transposed++;
		j++;
	}
	const m = matches;
	const jaro = (m / la + m / lb + (m - transposed / 2) / m) / 3;
	let prefix = 0;
	const maxPrefix = Math.min(4, la, lb);
	while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
	return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * True when a and b differ by at most one edit: an insertion, a deletion, a substitution or
 * two adjacent letters swapped.
 */
export function withinOneEdit(a: string, b: string): boolean {
	if (a === b) return true;
	const la = a.length;
	const lb = b.length;
	if (Math.abs(la - lb) > 1) return false;
	let i = 0;
	while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
	if (la === lb) {
		// Substitution: the rest after i+1 agrees; or a swap of i and i+1.
		if (a.slice(i + 1) === b.slice(i + 1)) return true;
		return (
			i + 1 < la &&
			a.charCodeAt(i) === b.charCodeAt(i + 1) &&
			a.charCodeAt(i + 1) === b.charCodeAt(i) &&
			a.slice(i + 2) === b.slice(i + 2)
		);
	}
	return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
