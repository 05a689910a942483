import { ContactField, CrmItem, REASSIGN_AFTER_SEC, RENOTIFY_EVERY_SEC, ROUTING_MODES, WAIT_TIME_CHOICES, type LiveChatCard, type RoutingMode, type Team } from '../../protocol';
import { TeamSelect } from './TeamSelect';
import { Check, Field } from './Field';
import { RichTextField } from './RichTextField';
import { texts } from '../../models/i18n';
import type { FieldErrors } from '../../models/options/validation';

type Props = { card: LiveChatCard; teams: readonly Team[]; errors: FieldErrors; disabled: boolean; onChange: (card: LiveChatCard) => void };

/** An optional setting of the card: left out when undefined (the saved card has no key for "off"). */
function withSetting<K extends 'routing' | 'team' | 'renotifyEverySec' | 'reassignAfterSec'>(card: LiveChatCard, key: K, value: LiveChatCard[K] | undefined): LiveChatCard {
  const { [key]: _old, ...rest } = card;
  return (value === undefined ? rest : { ...rest, [key]: value }) as LiveChatCard;
}

/** A seconds field's text: empty is off (undefined); anything else a number the schema then checks. */
const seconds = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

const toggle = <T,>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] =>
  order.filter((x) => (x === item ? on : list.includes(x)));

/** The live chat card: online message, wait time, offline message and what the offline flow collects. */
export function LiveChatCardForm({ card, teams, errors, disabled, onChange }: Props) {
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
      <fieldset class="routing">
        <legend>{t.routingGroup}</legend>
        <Field label={t.routing} help={t.routingHelp} error={errors['routing']}>
          {(a) => (
            <select {...a} value={card.routing ?? 'manual'} disabled={disabled} onChange={(e) => onChange(withSetting(card, 'routing', e.currentTarget.value === 'manual' ? undefined : (e.currentTarget.value as RoutingMode)))}>
              {ROUTING_MODES.map((m) => (
                <option key={m} value={m}>
                  {t.routingModes[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TeamSelect label={t.team} help={t.teamHelp} value={card.team} teams={teams} emptyLabel={t.anyTeam} disabled={disabled} error={errors['team']} onChange={(id) => onChange(withSetting(card, 'team', id))} />
        <div class="grid">
          <Field label={t.renotify} help={t.renotifyHelp(RENOTIFY_EVERY_SEC.min, RENOTIFY_EVERY_SEC.max)} error={errors['renotifyEverySec']}>
            {(a) => (
              <input
                {...a}
                type="number"
                inputMode="numeric"
                min={RENOTIFY_EVERY_SEC.min}
                max={RENOTIFY_EVERY_SEC.max}
                step={1}
                value={card.renotifyEverySec ?? ''}
                readOnly={disabled}
                onInput={(e) => onChange(withSetting(card, 'renotifyEverySec', seconds(e.currentTarget.value)))}
              />
            )}
          </Field>
          <Field
            label={t.reassign}
            help={(card.routing ?? 'manual') === 'manual' ? `${t.reassignHelp(REASSIGN_AFTER_SEC.min, REASSIGN_AFTER_SEC.max)} ${t.reassignManual}` : t.reassignHelp(REASSIGN_AFTER_SEC.min, REASSIGN_AFTER_SEC.max)}
            error={errors['reassignAfterSec']}
          >
            {(a) => (
              <input
                {...a}
                type="number"
                inputMode="numeric"
                min={REASSIGN_AFTER_SEC.min}
                max={REASSIGN_AFTER_SEC.max}
                step={1}
                value={card.reassignAfterSec ?? ''}
                readOnly={disabled}
                onInput={(e) => onChange(withSetting(card, 'reassignAfterSec', seconds(e.currentTarget.value)))}
              />
            )}
          </Field>
        </div>
      </fieldset>
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
