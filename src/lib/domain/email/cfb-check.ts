/**
 * Checks a Compound File (MS-CFB, the container of an Outlook .msg) for the structures that
 * make msgreader loop forever or allocate without bound, before msgreader sees it.
 *
 * msgreader follows sector chains until it meets END_OF_CHAIN and walks the directory tree
 * until it runs out of entries, with no guard against a chain or a tree that points back into
 * itself: one crafted .msg grows an array until the tab runs out of memory (tested). This is
 * not a second parser; it walks only the chains and links msgreader will walk, and refuses
 * a file where any of them repeats a sector, leaves the file, or claims more bytes than exist.
 */

const END_OF_CHAIN = -2;
const FREE = -1;
const NO_ENTRY = -1;
const ENTRY_SIZE = 128;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
/** Directory entry types: storage, stream, root. */
const STREAM = 2;

/** What is wrong, in words for the person who dropped it, or null when msgreader may read it. */
export function cfbProblem(bytes: Uint8Array): string | null {
	if (bytes.byteLength < 512) return 'the file is too short to be an Outlook message';
	try {
		return check(bytes);
	} catch (error) {
		// A sector named in a table but past the end of the file.
		if (error instanceof RangeError) return 'the file is cut off';
		throw error;
	}
}

function check(bytes: Uint8Array): string | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const int = (offset: number) => view.getInt32(offset, true);
	// msgreader reads the sector size from this byte alone: 12 means 4096, anything else 512.
	const sectorSize = bytes[0x1e] === 12 ? 4096 : 512;
	const sectors = Math.ceil((bytes.byteLength - sectorSize) / sectorSize);
	const inFile = (sector: number) => sector >= 0 && sector < sectors;
	const sectorInt = (sector: number, index: number) => int((sector + 1) * sectorSize + 4 * index);
	const perSector = sectorSize / 4;

	// The FAT's own sectors: up to 109 listed in the header, the rest in the DIFAT chain.
	const fatCount = int(0x2c);
	if (fatCount < 1 || fatCount > sectors) return 'its allocation table is damaged';
	const fat: number[] = [];
	for (let i = 0; i < Math.min(fatCount, 109); i++) fat.push(int(0x4c + 4 * i));
	const difatSeen = new Set<number>();
	for (let next = int(0x44), n = int(0x48); n > 0 && fat.length < fatCount; n--) {
		if (!inFile(next) || difatSeen.has(next)) return 'its allocation table is damaged';
		difatSeen.add(next);
		for (let i = 0; i < perSector - 1 && fat.length < fatCount; i++) {
			const sector = sectorInt(next, i);
			if (sector === FREE || sector === END_OF_CHAIN) break;
			fat.push(sector);
		}
		next = sectorInt(next, perSector - 1);
	}
	if (!fat.every(inFile)) return 'its allocation table is damaged';
	const nextSector = (s: number) => lookup(fat, s, perSector, sectorInt);

	const directory = chain(int(0x30), nextSector, inFile, sectors);
	if (!directory || directory.length === 0) return 'its directory is damaged';
	const miniFatCount = int(0x40);
	if (miniFatCount < 0 || miniFatCount > sectors) return 'its allocation table is damaged';
	const miniFat = int(0x3c) === END_OF_CHAIN ? [] : chain(int(0x3c), nextSector, inFile, sectors);
	if (!miniFat) return 'its allocation table is damaged';

	const perDirSector = sectorSize / ENTRY_SIZE;
	const entryCount = directory.length * perDirSector;
	const entry = (index: number) => {
		const sector = directory[Math.floor(index / perDirSector)];
		return (sector + 1) * sectorSize + (index % perDirSector) * ENTRY_SIZE;
	};

	// The root's stream holds every small stream; its chain is in the FAT.
	const root = entry(0);
	const miniStream = chain(int(root + 0x74), nextSector, inFile, sectors);
	if (!miniStream) return 'its directory is damaged';
	const miniSectors = Math.floor((miniStream.length * sectorSize) / MINI_SECTOR);
	const nextMini = (s: number) => lookup(miniFat.slice(0, miniFatCount), s, perSector, sectorInt);
	const inMini = (s: number) => s >= 0 && s < miniSectors;

	// Every entry reachable from the root exactly once: a link back makes msgreader spin.
	const seen = new Set<number>();
	const pending = [int(root + 0x4c)];
	while (pending.length > 0) {
		const index = pending.pop()!;
		if (index === NO_ENTRY) continue;
		if (index < 0 || index >= entryCount || seen.has(index)) return 'its directory is damaged';
		seen.add(index);
		const at = entry(index);
		pending.push(int(at + 0x44), int(at + 0x48), int(at + 0x4c));
		if (bytes[at + 0x42] !== STREAM) continue;
		const size = view.getUint32(at + 0x78, true);
		if (size === 0) continue;
		if (size > bytes.byteLength) return 'it says it holds more data than the file has';
		const small = size < MINI_CUTOFF;
		const blocks = small
			? chain(int(at + 0x74), nextMini, inMini, miniSectors)
			: chain(int(at + 0x74), nextSector, inFile, sectors);
		if (!blocks) return 'its directory is damaged';
	}
	return null;
}

/** The sectors of a chain, or null when it leaves its area or comes back on itself. */
function chain(
	start: number,
	next: (sector: number) => number,
	valid: (sector: number) => boolean,
	limit: number
): number[] | null {
	const sectors: number[] = [];
	const seen = new Set<number>();
	for (let s = start; s !== END_OF_CHAIN; s = next(s)) {
		if (!valid(s) || seen.has(s) || sectors.length >= limit) return null;
		seen.add(s);
		sectors.push(s);
	}
	return sectors;
}

/** The entry for `sector` in a table spread over the listed sectors (FAT or mini FAT). */
function lookup(
	tableSectors: number[],
	sector: number,
	perSector: number,
	sectorInt: (sector: number, index: number) => number
): number {
	const holder = tableSectors[Math.floor(sector / perSector)];
	// Past the table's end msgreader reads END_OF_CHAIN too.
	return holder === undefined ? END_OF_CHAIN : sectorInt(holder, sector % perSector);
}
