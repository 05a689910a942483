import type { Strings } from '../i18n';
import type { WidgetModel } from '../widget-model';
import { Launcher } from './Launcher';
import { Panel } from './Panel';

export function App({ model, t, lang }: { model: WidgetModel; t: Strings; lang: string }) {
  const open = model.open.value;
  const chat = model.chat.value;
  const unread = chat && !open ? chat.unread.value : 0;
  return (
    <>
      {open && (model.config.value ? <Panel model={model} t={t} lang={lang} /> : <Unavailable model={model} t={t} />)}
      <Launcher open={open} unread={unread} onClick={() => model.toggle()} t={t} />
    </>
  );
}

function Unavailable({ model, t }: { model: WidgetModel; t: Strings }) {
  return (
    <section class="panel" role="dialog" aria-label={t.openChat}>
      <header>
        <div class="who" />
        <button type="button" class="min" aria-label={t.minimize} onClick={() => model.toggle(false)}>
          –
        </button>
      </header>
      <div class="log" role="status">
        {model.unavailable.value ? t.unavailable : '…'}
      </div>
    </section>
  );
}
