/**
 * Where the keyboard focus goes when what had it goes away (a button that disappears once used, a list
 * hidden by the chat it opened): the next step, never the page body, which would send a keyboard or
 * screen-reader user back to the top of the panel.
 */

/** The focus is lost: on the page body, or on an element that is no longer shown (removed or hidden). */
export function focusLost(doc: Document = document): boolean {
  const a = doc.activeElement as HTMLElement | null;
  return !a || a === doc.body || !a.isConnected || a.getClientRects().length === 0;
}

/** Focuses the first of these elements that is shown; false when none is. */
export function focusFirstShown(...candidates: (Element | null | undefined)[]): boolean {
  const el = candidates.find((e): e is HTMLElement => !!e && e.getClientRects().length > 0);
  el?.focus();
  return !!el;
}
