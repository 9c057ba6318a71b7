/**
 * Sums a sampling heap profile (BENCH_HEAP, harness/profile.ts) by function: the bytes each
 * allocated that still lived when the profile stopped, and the same with what the functions it
 * called allocated, the largest first.
 *   node --import tsx bench/heap-summary.ts <x.heapprofile> [--top 30]
 * A function is named with its file's last path segment and line: use a `vite build --minify
 * false` build for readable rows.
 */
import { readFileSync } from 'node:fs';

interface HeapNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: HeapNode[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: heap-summary.ts <x.heapprofile> [--top n]');
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 30;
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };

const nameOf = (n: HeapNode) =>
	`${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();

/** Returns the node's bytes with its callees'; a function on the stack twice counts once. */
function walk(node: HeapNode, onStack: Set<string>): number {
	const name = nameOf(node);
	self.set(name, (self.get(name) ?? 0) + node.selfSize);
	const inner = new Set(onStack).add(name);
	let sum = node.selfSize;
	for (const child of node.children) sum += walk(child, inner);
	if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + sum);
	return sum;
}
const all = walk(head, new Set());

const kb = (b: number) => `${(b / 1024).toFixed(0).padStart(8)} KB`;
console.log(`${kb(all)} allocated and still live at the end`);
console.log('\nself:');
for (const [name, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
	console.log(`${kb(b)}  ${name}`);
console.log('\nwith callees:');
for (const [name, b] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
	console.log(`${kb(b)}  ${name}`);
