/**
 * Saves text as a file the way a link with `download` does: a Blob URL, a click, then the URL is
 * released. Extension pages may do this without the `downloads` permission.
 */
export function downloadText(doc: Document, filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // The download has started from the click; revoking on the next task keeps Chromium from racing it.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
