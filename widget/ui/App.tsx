import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Strings } from '../i18n';
import type { WidgetModel } from '../widget-model';
import { Launcher } from './Launcher';
import { Panel } from './Panel';
import type { LoadExtras } from './Extra';

export function App({ model, t, lang, extras }: { model: WidgetModel; t: Strings; lang: string; extras: LoadExtras }) {
  const open = model.open.value;
  const chat = model.chat.value;
  const unread = chat && !open ? chat.unread.value : 0;
  const launcher = useRef<HTMLButtonElement>(null);
  const back = useRef(false);
  // Minimized by the visitor (button or Escape): the focus goes back to the launcher, never lost to the page;
  // after the render, as on a phone the launcher is hidden while the window fills the screen (styles.ts).
  // Opened there, a focus the launcher held goes to the window's Minimize button, its way back, unless
  // something in the window took it.
  useLayoutEffect(() => {
    const l = launcher.current;
    const root = l?.getRootNode() as ShadowRoot;
    if (!open && back.current) l?.focus();
    else if (open && model.engaged && l && !l.offsetWidth && [null, l].includes(root.activeElement as never)) root.querySelector<HTMLElement>('.min:last-child')?.focus();
    back.current = false;
  }, [open]);
  if (model.off.value) return null;
  const minimize = () => {
    back.current = true;
    model.toggle(false);
  };
  return (
    <>
      {open && (model.config.value ? <Panel model={model} t={t} lang={lang} minimize={minimize} extras={extras} /> : <Unavailable model={model} t={t} minimize={minimize} />)}
      <Launcher btn={launcher} open={open} unread={unread} onClick={() => model.toggle()} onEscape={minimize} t={t} />
    </>
  );
}

function Unavailable({ model, t, minimize }: { model: WidgetModel; t: Strings; minimize: () => void }) {
  return (
    <section class="panel" role="dialog" aria-label={t.openChat} onKeyDown={(e) => e.key === 'Escape' && minimize()}>
      <div class="head">
        <div class="who" />
        <button type="button" class="min" aria-label={t.minimize} onClick={minimize}>
          –
        </button>
      </div>
      <div class="log" role="status">
        {model.unavailable.value ? t.unavailable : '…'}
      </div>
    </section>
  );
}
