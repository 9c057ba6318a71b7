/** Hands a generated file to the browser as a download (Blob + a[download]). */
export interface DownloadableFile {
	fileName: string;
	mime: string;
	text: string;
}

export function downloadFile(file: DownloadableFile): void {
	const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
	const a = document.createElement('a');
	a.href = url;
	a.download = file.fileName;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	// Revoked a moment later: some browsers start the download after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
