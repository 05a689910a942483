import { useState } from 'preact/hooks';
import type { CardType } from '../../protocol';
import { CARD_TYPES, hasLiveChatCard } from '../../models/options/card-list';
import { CardItem } from './CardItem';
import { Field, Status } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import type { PlaybookDraft } from '../../models/options/playbook-draft';
import { texts } from '../../models/i18n';
import { within } from '../../models/options/validation';

/** One playbook: its settings, its cards with pencil and trash, and Save. */
export function PlaybookEditor({ model, draft }: { model: OptionsModel; draft: PlaybookDraft }) {
  const t = texts().options;
  const e = t.editor;
  const readOnly = !model.canEdit.value;
  const value = draft.value.value;
  const errors = draft.errors.value;
  const [newType, setNewType] = useState<CardType>('message');
  const [result, setResult] = useState<{ message: string | null; error: string | null }>({ message: null, error: null });
  const errorCount = Object.keys(errors).length;
  const liveChatThere = hasLiveChatCard(value.cards);

  const save = async () => {
    if (errorCount > 0) {
      setResult({ message: null, error: e.fixErrors(errorCount) });
      document.querySelector<HTMLElement>('.playbook-editor [aria-invalid="true"]')?.focus();
      return;
    }
    setResult({ message: e.saving, error: null });
    const out = await model.saveDraft();
    setResult(out.ok ? { message: e.saved, error: null } : { message: null, error: out.message ?? e.fixErrors(Object.keys(draft.errors.peek()).length) });
  };

  return (
    <section class="playbook-editor" aria-labelledby="editor-heading">
      <h3 id="editor-heading" tabIndex={-1}>{e.heading(draft.base.value.name)}</h3>
      {draft.conflict.value && (
        <p class="error" role="alert">
          {e.conflict}
        </p>
      )}
      <div class="grid">
        <Field label={e.name} error={errors['name']}>
          {(a) => <input {...a} value={value.name} readOnly={readOnly} onInput={(ev) => draft.set({ name: ev.currentTarget.value })} />}
        </Field>
        <Field label={e.botName} error={errors['botName']}>
          {(a) => <input {...a} value={value.botName} readOnly={readOnly} onInput={(ev) => draft.set({ botName: ev.currentTarget.value })} />}
        </Field>
        <Field label={e.color} error={errors['color']}>
          {(a) => <input {...a} type="color" value={value.color} disabled={readOnly} onInput={(ev) => draft.set({ color: ev.currentTarget.value })} />}
        </Field>
        <Field label={e.botAvatar} error={errors['botAvatar']}>
          {(a) => <input {...a} value={value.botAvatar ?? ''} readOnly={readOnly} placeholder="https://" onInput={(ev) => draft.set({ botAvatar: ev.currentTarget.value })} />}
        </Field>
      </div>
      <h4>{e.cards}</h4>
      {errors[''] && <p class="error">{errors['']}</p>}
      {errors['cards'] && <p class="error">{errors['cards']}</p>}
      {value.cards.length === 0 && <p class="help">{e.noCards}</p>}
      <ol class="cards">
        {value.cards.map((card, i) => (
          <CardItem
            key={card.id}
            card={card}
            index={i}
            count={value.cards.length}
            cards={value.cards}
            teams={model.teams.value}
            errors={within(errors, `cards.${i}`)}
            open={draft.editing.value === card.id}
            readOnly={readOnly}
            offlineOnly={draft.base.value.installedAt === null}
            onToggle={() => (draft.editing.value = draft.editing.value === card.id ? null : card.id)}
            onChange={(c) => draft.updateCard(card.id, c)}
            onDelete={() => draft.deleteCard(card.id)}
            onMove={(d) => draft.moveCard(card.id, d)}
          />
        ))}
      </ol>
      {!readOnly && (
        <div class="row add-card">
          <Field label={e.cardType}>
            {(a) => (
              <select {...a} value={newType} onChange={(ev) => setNewType(ev.currentTarget.value as CardType)}>
                {CARD_TYPES.filter((c) => c !== 'live-chat' || !liveChatThere).map((c) => (
                  <option key={c} value={c}>
                    {e.cardTypes[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" onClick={() => draft.addCard(newType === 'live-chat' && liveChatThere ? 'message' : newType)}>
            {e.addCard}
          </button>
          <button type="button" onClick={() => draft.addLiveChatCard()} disabled={liveChatThere} title={liveChatThere ? e.liveChatExists : undefined}>
            {e.addLiveChatCard}
          </button>
        </div>
      )}
      {readOnly ? (
        <p class="notice">{t.playbooks.readOnly}</p>
      ) : (
        <div class="save-bar">
          <button type="button" class="primary" onClick={save} disabled={draft.saving.value}>
            {e.save}
          </button>
          <button type="button" onClick={() => {
              draft.discard();
              setResult({ message: null, error: null });
            }} disabled={!draft.dirty.value && !draft.conflict.value}>
            {e.discard}
          </button>
          <span class="help">{draft.dirty.value ? e.unsaved : ''}</span>
          <Status message={result.message === e.saved && draft.dirty.value ? null : result.message} error={result.error} />
        </div>
      )}
    </section>
  );
}
