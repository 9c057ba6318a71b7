/** Outlook .msg files: a Compound File (OLE2) holding MAPI properties. */

/** D0 CF 11 E0 A1 B1 1A E1: the signature every Compound File starts with. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOutlookMsg(bytes: Uint8Array): boolean {
	return CFB_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

export async function parseMsg(_bytes: Uint8Array): Promise<never> {
	throw new Error('Outlook .msg files are not supported yet');
}
