// Framing for the append-only log and the snapshot: [u32 length][u32 crc32][payload], little
// endian. A record whose header or payload is incomplete or fails its checksum ends the log: it
// is a torn write from a crash, never acknowledged to anyone.
import { crc32 } from 'node:zlib';

export const HEADER_BYTES = 8;

export function encodeRecord(payload: Uint8Array): Buffer {
	const record = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
	record.writeUInt32LE(payload.length, 0);
	record.writeUInt32LE(crc32(payload), 4);
	record.set(payload, HEADER_BYTES);
	return record;
}

export interface DecodedRecords {
	records: Uint8Array[];
	/** Bytes covered by intact records; anything after is a torn tail. */
	validLength: number;
}

export function decodeRecords(data: Uint8Array): DecodedRecords {
	const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	const records: Uint8Array[] = [];
	let offset = 0;
	while (offset + HEADER_BYTES <= view.length) {
		const length = view.readUInt32LE(offset);
		const checksum = view.readUInt32LE(offset + 4);
		const end = offset + HEADER_BYTES + length;
		if (end > view.length) break;
		const payload = view.subarray(offset + HEADER_BYTES, end);
		if (crc32(payload) !== checksum) break;
		records.push(payload);
		offset = end;
	}
	return { records, validLength: offset };
}
