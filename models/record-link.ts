import { browser } from 'wxt/browser';
import type { RecordRef } from '../protocol';

/*
 * Records of the built-in store have no page of their own: their link opens the extension's options
 * page at Records with that row marked (`options.html#records/<id>`). Pipedrive (and a webhook that
 * answers a `url`) give their own link. The room's RecordRef is not changed for this: the side panel
 * builds the link, the options page reads it back.
 */
const HASH_PREFIX = '#records/';
/** How the built-in store names records (`party/crm/builtin.ts`): kind's first 3 letters, `_`, 9 random bytes in base64url. */
const BUILTIN_ID = /^[a-z]{3}_[A-Za-z0-9_-]{12}$/;

/** Whether a reference without a link is one of the built-in store's records (a webhook's ids look otherwise). */
export const isBuiltinRecord = (r: RecordRef): boolean => !r.url && BUILTIN_ID.test(r.id) && r.id.startsWith(`${r.kind.slice(0, 3)}_`);

/** Where a record opens: its CRM's own page, the options page's Records section for a built-in one, or nowhere. */
export function recordHref(r: RecordRef): string | null {
  if (r.url) return r.url;
  if (!isBuiltinRecord(r)) return null;
  return `${browser.runtime.getURL('/options.html')}${HASH_PREFIX}${encodeURIComponent(r.id)}`;
}

/** The record id in an options page hash (`#records/<id>`), or null. */
export function recordFromHash(hash: string): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(HASH_PREFIX.length));
  } catch {
    return null;
  }
  return id.length > 0 && id.length <= 64 && !/[\s/]/.test(id) ? id : null;
}
