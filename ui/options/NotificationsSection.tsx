import { useState } from 'preact/hooks';
import type { NotificationSettings } from '../../protocol';
import { Check, Status } from './Field';
import { allOff, NOTIFICATION_EVENTS, withSwitch } from '../../models/options/notifications';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';

/** The agent's own switches; each change is saved at once with `settings-save`. */
export function NotificationsSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const n = t.notifications;
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  const client = model.client.value;
  if (!client) return null;
  const settings = client.settings.value;

  const save = async (next: NotificationSettings) => {
    setResult({ message: null, error: null });
    const previous = client.settings.peek();
    client.settings.value = next; // optimistic: the room answers with `settings`, or we roll back
    const out = await model.run((c) => c.request({ type: 'settings-save', notifications: next }));
    if (!out.ok) client.settings.value = previous;
    setResult(out.ok ? { message: n.saved, error: null } : { message: null, error: out.message });
  };

  return (
    <section id="notifications" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t.sections.notifications}</h2>
      <p class="help">{n.intro}</p>
      <fieldset class="switches">
        <legend class="visually-hidden">{t.sections.notifications}</legend>
        <Check switch label={n.enabled} checked={settings.enabled} onChange={(on) => void save(withSwitch(settings, 'enabled', on))} />
        {NOTIFICATION_EVENTS.map((key) => (
          <Check key={key} switch label={n[key]} checked={settings[key]} disabled={!settings.enabled} onChange={(on) => void save(withSwitch(settings, key, on))} />
        ))}
        <Check switch label={n.sound} checked={settings.sound} disabled={!settings.enabled} onChange={(on) => void save(withSwitch(settings, 'sound', on))} />
      </fieldset>
      <button type="button" disabled={!settings.enabled} onClick={() => void save(allOff(settings))}>
        {n.allOff}
      </button>
      <Status message={result.message} error={result.error} />
    </section>
  );
}
