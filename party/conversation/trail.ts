import { TRAIL_MAX, type PageView } from '../../protocol';

/**
 * Adds the widget's page views to a chat's trail. Each view is the visitor's word: only pages of the site the
 * chat started on (same origin as the allowed site the chat was created from; http or https), a time clamped
 * between the previous view (or the chat's start) and the room's now, the same page twice in a row once; the
 * newest TRAIL_MAX are kept. Null when nothing was added.
 */
export function addPages(trail: readonly PageView[], incoming: readonly PageView[], o: { origin: string | undefined; since: number; now: number }): PageView[] | null {
  if (!o.origin) return null; // a chat from before origins were kept: no trail
  const out = [...trail];
  let added = false;
  for (const page of incoming) {
    let url: URL;
    try {
      url = new URL(page.url);
    } catch {
      continue;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o.origin || url.username || url.password) continue;
    const last = out[out.length - 1];
    if (last?.url === url.href) continue;
    const at = Math.min(o.now, Math.max(last?.at ?? o.since, page.at));
    const title = page.title?.trim();
    out.push({ url: url.href, ...(title ? { title } : {}), at });
    added = true;
  }
  return added ? out.slice(-TRAIL_MAX) : null;
}
