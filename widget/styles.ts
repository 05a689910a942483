/**
 * The chat window's CSS, adopted into the shadow root as a constructed stylesheet: no <style> element
 * and no style attributes, so a host page's CSP needs no 'unsafe-inline' for styles. Colours are
 * custom properties: the playbook colour arrives as --accent, dark mode swaps the neutrals.
 */
export const CHAT_CSS = `
:host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
--accent:#1f6feb;--on-accent:#fff;--bg:#fff;--fg:#1c2024;--muted:#60666d;--line:#e3e6ea;--bubble:#f1f3f5;--err:#d1242f;--shadow:0 12px 40px rgba(0,0,0,.18)}
@media (prefers-color-scheme:dark){:host{--bg:#16191d;--fg:#e8eaed;--muted:#9aa1a9;--line:#2c3138;--bubble:#23272e;--err:#ff8182;--shadow:0 12px 40px rgba(0,0,0,.6)}}
*{box-sizing:border-box;font:inherit;color:inherit}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}.head :focus-visible{outline-color:var(--on-accent)}
.launcher{position:relative;width:56px;height:56px;border-radius:50%;background:var(--accent);color:var(--on-accent);box-shadow:var(--shadow);display:grid;place-items:center}
.launcher svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d1242f;color:#fff;font-size:12px;font-weight:600;line-height:20px;text-align:center}
.panel{position:absolute;right:0;bottom:72px;width:370px;height:580px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border-radius:16px;box-shadow:var(--shadow);overflow:hidden;border:1px solid var(--line)}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;max-height:none;border-radius:0}.launcher[aria-expanded=true]{display:none}}
.head{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--accent);color:var(--on-accent)}
.avatar{width:36px;height:36px;border-radius:50%;background:rgba(255,255,255,.25);display:grid;place-items:center;font-weight:700;flex:none;object-fit:cover}
.who{flex:1;min-width:0}.who b{display:block;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.who small{font-size:12px}
.min{width:32px;height:32px;border-radius:8px;color:var(--on-accent);font-size:22px;line-height:1}.min:hover{background:rgba(255,255,255,.18)}
.min svg{width:18px;height:18px;fill:currentColor;stroke:currentColor;stroke-width:2;stroke-linecap:round;vertical-align:middle}.min svg path{stroke:none}
.status{padding:6px 14px;font-size:12px;background:#fff4d6;color:#6b4e00;text-align:center}
.log{outline-offset:-2px;flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:82%;display:flex;flex-direction:column;gap:2px}
.msg .name{font-size:11px;color:var(--muted);padding:0 4px}
.bubble{padding:8px 12px;border-radius:14px;background:var(--bubble);overflow-wrap:anywhere;white-space:pre-wrap}
.bubble p{margin:0}.bubble p+p,.bubble ul{margin:6px 0 0}.bubble ul{padding-left:18px}.bubble img{max-width:100%;border-radius:8px}.bubble a{color:inherit;text-decoration:underline}
.msg.visitor{align-self:flex-end;align-items:flex-end}.msg.visitor .bubble{background:var(--accent);color:var(--on-accent)}
.meta,.note{font-size:11px;color:var(--muted);padding:0 4px}.meta.failed,.note{color:var(--err)}
.event,.broken{align-self:center;font-size:12px;color:var(--muted);text-align:center}
.typing{font-size:12px;color:var(--muted);font-style:italic}
.choices{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px 10px;justify-content:flex-end}
.choices button,.ended button,.retry{border:1px solid var(--accent);color:var(--fg);border-radius:16px;padding:6px 12px;background:var(--bg)}
.choices button:hover,.ended button:hover{background:var(--accent);color:var(--on-accent)}
.ended{padding:12px 14px;text-align:center;border-top:1px solid var(--line);display:grid;gap:8px;justify-items:center;color:var(--muted)}
form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid var(--line);align-items:flex-end}
textarea,input{flex:1;resize:none;min-height:38px;max-height:120px;padding:8px 10px;border:1px solid var(--line);border-radius:10px;background:var(--bg);color:var(--fg)}
.send{height:38px;padding:0 14px;border-radius:10px;background:var(--accent);color:var(--on-accent);font-weight:600}
.send:disabled{opacity:.5;cursor:default}
.error{padding:0 14px 8px;color:var(--err);font-size:12px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/**
 * Text (and the header's focus ring) on the accent colour: black or white, whichever contrasts more. By the
 * colour's WCAG luminance, one of them always reaches 4.5:1 (black above 0.18, white below).
 */
export function onAccent(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => ((parseInt(hex.slice(i, i + 2), 16) / 255 + 0.055) / 1.055) ** 2.4) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#000' : '#fff';
}
