/**
 * What msgreader's dependencies need of Node's `buffer` module in the browser, for a build
 * that aliases `buffer` to this file (client builds only: Node's own module must stay Node's).
 *
 * safer-buffer copies `Buffer` and its prototype when it loads, and iconv-lite calls it only to
 * decode 8-bit text with a configured code page, which parse-msg.ts never configures. So a
 * class with a prototype is all that is touched; the `buffer` package (and its polyfill
 * weight) is not needed. Checked by bundling parse-email.ts for the browser with this alias
 * and reading a .msg with no global Buffer.
 */
export class Buffer extends Uint8Array {}
