import { Limits } from './version';

/**
 * Splits `items` into pages whose JSON stays near `maxChars` (one item alone may exceed it). Rooms use it so
 * a long replay or a 10,000-chat inbox never becomes one oversized frame.
 */
export function pages<T>(items: readonly T[], maxChars: number = Limits.roomPageChars): T[][] {
  const out: T[][] = [];
  let page: T[] = [];
  let size = 0;
  for (const item of items) {
    const n = JSON.stringify(item).length + 1;
    if (page.length > 0 && size + n > maxChars) {
      out.push(page);
      page = [];
      size = 0;
    }
    page.push(item);
    size += n;
  }
  if (page.length > 0 || out.length === 0) out.push(page);
  return out;
}
