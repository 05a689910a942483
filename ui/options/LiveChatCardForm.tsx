import { ContactField, CrmItem, WAIT_TIME_CHOICES, type LiveChatCard } from '../../protocol';
import { Check, Field } from './Field';
import { RichTextField } from './RichTextField';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

type Props = { card: LiveChatCard; errors: FieldErrors; disabled: boolean; onChange: (card: LiveChatCard) => void };

const toggle = <T,>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] =>
  order.filter((x) => (x === item ? on : list.includes(x)));

/** The live chat card: online message, wait time, offline message and what the offline flow collects. */
export function LiveChatCardForm({ card, errors, disabled, onChange }: Props) {
  const s = texts().options;
  const t = s.liveChat;
  const set = (patch: Partial<LiveChatCard>) => onChange({ ...card, ...patch });
  const setOffline = (patch: Partial<LiveChatCard['offline']>) => set({ offline: { ...card.offline, ...patch } });
  return (
    <div class="card-form">
      <RichTextField label={t.onlineMessage} help={t.onlineHelp} value={card.onlineMessage} error={errors['onlineMessage']} disabled={disabled} onChange={(v) => set({ onlineMessage: v })} />
      <Field label={t.waitTime} help={t.waitHelp} error={errors['waitSeconds']}>
        {(a) => (
          <select {...a} value={String(card.waitSeconds)} disabled={disabled} onChange={(e) => set({ waitSeconds: Number(e.currentTarget.value) as LiveChatCard['waitSeconds'] })}>
            {WAIT_TIME_CHOICES.map((s) => (
              <option key={s} value={String(s)}>
                {t.seconds(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <RichTextField label={t.offlineMessage} help={t.offlineHelp} value={card.offlineMessage} error={errors['offlineMessage']} disabled={disabled} onChange={(v) => set({ offlineMessage: v })} />
      <fieldset disabled={disabled}>
        <legend>{t.offlineFlow}</legend>
        <fieldset>
          <legend>{t.askFields}</legend>
          {ContactField.options.map((f) => (
            <Check key={f} label={s.card.fields[f]} checked={card.offline.askFields.includes(f)} onChange={(on) => setOffline({ askFields: toggle(card.offline.askFields, f, on, ContactField.options) })} />
          ))}
        </fieldset>
        <Check label={t.qualify} checked={card.offline.qualify} onChange={(on) => setOffline({ qualify: on })} />
        <fieldset>
          <legend>{t.create}</legend>
          {CrmItem.options.map((item) => (
            <Check key={item} label={s.card.crm[item]} checked={card.offline.create.includes(item)} onChange={(on) => setOffline({ create: toggle(card.offline.create, item, on, CrmItem.options) })} />
          ))}
        </fieldset>
        {errors['offline'] && <p class="error">{errors['offline']}</p>}
      </fieldset>
    </div>
  );
}
