/** Where things are: the repository root and the built app the browser benches serve. */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** ./build, or BENCH_BUILD_DIR (a build made elsewhere, e.g. while ./build is being rebuilt). */
export const BUILD_DIR = path.resolve(ROOT, process.env.BENCH_BUILD_DIR ?? 'build');
