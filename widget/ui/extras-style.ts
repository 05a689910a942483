/**
 * The chunk's own CSS, added to the widget's shadow root when one of its parts first renders: it travels with
 * the chunk, not in the chat bundle. A constructed stylesheet where supported (no CSP style-src needed, as
 * chat.tsx does), else a <style> element.
 */
const CSS = `
.x{padding:10px 14px;border-top:1px solid var(--line);display:grid;gap:8px;color:var(--fg);text-align:start;justify-items:stretch;width:100%}
.ended .x{border:0;padding:0}
.x form{display:grid;gap:8px;padding:0;border:0;align-items:stretch}
.x fieldset{border:0;margin:0;padding:0;min-width:0}
.x legend,.x .t{font-weight:650;padding:0;margin-bottom:4px}
.x label{display:grid;gap:4px;font-size:12px;color:var(--muted)}
.x input[type=email],.x textarea{font-size:14px;color:var(--fg)}
.x .row{display:flex;gap:8px;justify-content:flex-end;align-items:center}
.x .row button{height:34px;padding:0 14px;border:1px solid var(--accent);border-radius:17px;background:var(--bg);color:var(--fg)}
.x .row .send{background:var(--accent);color:var(--on-accent);font-weight:600}
.x p{margin:0;font-size:13px}.x p:empty{display:none}
.x [role=alert]{color:var(--err)}.ended .x [role=status]{text-align:center}
.stars{display:flex;gap:4px;align-items:center}
.stars label{display:block;position:relative;cursor:pointer;font-size:30px;line-height:1;color:var(--muted)}
.stars label.on{color:var(--accent)}
.stars input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.stars input:focus-visible+span{outline:2px solid var(--accent);outline-offset:2px;border-radius:4px}
.stars label:hover{transform:scale(1.1)}
.stars .cap{font-size:13px;color:var(--muted);margin-left:6px}
`;

const done = new WeakSet<Node>();

/**
 * A part of the chunk appeared at `node`: the chunk's CSS joins the root's (once), and the message log, which just
 * got shorter, shows its last line again (as Panel.tsx does when what sits below the log changes).
 */
export function shown(node: Node | null): void {
  const root = node?.getRootNode() as (ShadowRoot | Document) | undefined;
  const log = root?.querySelector('.log');
  if (log) log.scrollTop = log.scrollHeight;
  if (!root || done.has(root)) return;
  done.add(root);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    ('host' in root ? root : document.head).append(style);
  }
}
