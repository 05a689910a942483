import { useRef } from 'preact/hooks';
import type { Strings } from '../i18n';
import type { WidgetModel } from '../widget-model';
import { Launcher } from './Launcher';
import { Panel } from './Panel';

export function App({ model, t, lang }: { model: WidgetModel; t: Strings; lang: string }) {
  const open = model.open.value;
  const chat = model.chat.value;
  const unread = chat && !open ? chat.unread.value : 0;
  const launcher = useRef<HTMLButtonElement>(null);
  if (model.off.value) return null;
  // Minimized by the visitor (button or Escape): the focus goes back to the launcher, never lost to the page.
  const minimize = () => {
    model.toggle(false);
    launcher.current?.focus();
  };
  return (
    <>
      {open && (model.config.value ? <Panel model={model} t={t} lang={lang} minimize={minimize} /> : <Unavailable model={model} t={t} minimize={minimize} />)}
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
