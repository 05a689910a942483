/**
 * widget.js — the snippet's script. At most 1 KB gzipped: it reads its own data- attributes, draws
 * the launcher in a shadow root (fixed position: the host page's layout never moves) and loads the
 * chat bundle from the same origin on first click or when the browser is idle.
 */
((doc, script) => {
  const d = script.dataset;
  const host = doc.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  let loading = 0;
  // Passed to the chat bundle through the host element, so no global names are taken.
  const base = new URL(script.src).origin;
  Object.assign(host.dataset, { baton: '', ws: d.workspace, pb: d.playbook, base, lang: d.lang || '' });
  const css =
    ':host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000}' +
    'button{width:56px;height:56px;border:0;border-radius:50%;background:#1f6feb;color:#fff;cursor:pointer;display:grid;place-items:center;box-shadow:0 12px 40px rgba(0,0,0,.18)}' +
    'svg{width:28px;height:28px;fill:currentColor}';
  try {
    // A constructed stylesheet: CSP's style-src does not apply, so hosts need no 'unsafe-inline'.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Browsers before constructable stylesheets (Safari < 16.4): a <style> element, which a strict CSP may block.
    root.append(Object.assign(doc.createElement('style'), { textContent: css }));
  }
  const button = doc.createElement('button');
  button.setAttribute('aria-label', /^fr\b/i.test(d.lang || navigator.language) ? 'Ouvrir le chat' : 'Open chat');
  const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  svg.append(path);
  button.append(svg);
  root.append(button);
  const load = () => {
    if (loading++) return;
    const chat = doc.createElement('script');
    chat.src = script.src.replace(/widget\.js(?=$|[?#])/, 'widget-chat.js');
    doc.head.append(chat);
  };
  button.onclick = () => {
    host.dataset.open = '1';
    load();
  };
  // When idle: the playbook's availability says which case this page is in, on the console for whoever installs
  // the snippet (one request; the chat bundle asks again when it starts). On a site that is not in the playbook's
  // Allowed sites the chat bundle is not even loaded and the button goes; a failed check loads it as before.
  const check = () =>
    fetch(`${base}/parties/workspace/${d.workspace}/widget/${d.playbook}`)
      .then((r) => r.json())
      .then((c: { reason?: string }) => {
        const r = c.reason;
        if (r == 'origin-not-allowed') return host.remove(), console.warn('Baton: site not in Allowed sites (options > Installation)');
        if (r) console.info('Baton: offline form only:', r);
        load();
      }, load);
  const attach = () => {
    doc.body.append(host);
    (window.requestIdleCallback || setTimeout)(check);
  };
  if (doc.body) attach();
  else doc.addEventListener('DOMContentLoaded', attach);
})(document, document.currentScript as HTMLScriptElement);
