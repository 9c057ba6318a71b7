// Vitest's setup for every test file: the folders its relays and backups made go when it ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../server/temp-dirs.ts';

// Registered first, so it runs after the file's own afterAll hooks (its relays stopped first).
afterAll(removeTempDirs);
