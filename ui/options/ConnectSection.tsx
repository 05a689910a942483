import { useEffect, useState } from 'preact/hooks';
import type { Connection } from '../../models/session';
import { Field } from './Field';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';

/**
 * "Got an invite link?": the agent pastes the link their admin sent; the server makes their credential and
 * the form above fills itself and connects (OptionsModel.join).
 */
function JoinForm({ model, first = false }: { model: OptionsModel; first?: boolean }) {
  const t = texts().options.onboarding;
  const [link, setLink] = useState('');
  const state = model.joinState.value;
  return (
    <form
      class={`join-invite ${first ? 'first' : ''}`}
      aria-label={t.joinHeading}
      onSubmit={(e) => {
        e.preventDefault();
        void model.join(link).then((ok) => ok && setLink(''));
      }}
    >
      <h3>{t.joinHeading}</h3>
      <Field label={t.joinLink} help={t.joinHelp} error={state.kind === 'failed' ? state.message : undefined}>
        {(a) => <input {...a} type="url" autoComplete="off" placeholder="https://…/invite.html#…" value={link} onInput={(e) => setLink(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class={first ? 'primary' : ''} disabled={state.kind === 'joining' || link.trim() === ''}>
        {state.kind === 'joining' ? t.joining : t.join}
      </button>
    </form>
  );
}

/** Server, workspace and credential; the credential is exchanged for a session token on Connect. */
export function ConnectSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const c = t.connect;
  const [form, setForm] = useState<Connection>({ server: '', workspace: '', credential: '' });
  const saved = model.connection.value;
  useEffect(() => {
    if (saved) setForm(saved);
  }, [saved]);
  const state = model.connectState.value;
  const fields = state.kind === 'failed' ? state.fields : {};
  const me = model.me.value;
  const roomStatus = model.client.value?.status.value;
  const set = (patch: Partial<Connection>) => setForm({ ...form, ...patch });

  let message: string;
  let tone = '';
  if (state.kind === 'connecting') message = c.connecting;
  else if (state.kind === 'failed') {
    tone = 'bad';
    message = state.code === 'wrong-credential' ? c.wrongCredential : state.code === 'unreachable' ? c.unreachable : state.code === 'invalid-settings' ? c.invalid : state.message;
  } else if (state.kind === 'connected' && me && roomStatus === 'connected') {
    tone = 'good';
    message = c.connected(saved?.workspace ?? '', me.name, t.agents.roles[me.role]);
  } else if (state.kind === 'connected' && roomStatus === 'unauthorized') {
    tone = 'bad';
    message = c.wrongCredential;
  } else if (state.kind === 'connected') message = roomStatus === 'connecting' ? c.connecting : c.reconnecting;
  else message = c.notConnected;

  return (
    <section id="connect" aria-labelledby="connect-heading">
      <h2 id="connect-heading">{t.sections.connect}</h2>
      {/* Not connected yet: the invite link is the usual way in, so it comes first. */}
      {!saved && <JoinForm model={model} first />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void model.connect(form);
        }}
      >
        <Field label={c.server} help={c.serverHelp} error={fields.server}>
          {(a) => <input {...a} type="text" inputMode="url" autoComplete="url" placeholder="https://" value={form.server} onInput={(e) => set({ server: e.currentTarget.value })} />}
        </Field>
        <Field label={c.workspace} error={fields.workspace}>
          {(a) => <input {...a} value={form.workspace} onInput={(e) => set({ workspace: e.currentTarget.value })} />}
        </Field>
        <Field label={c.credential} help={c.credentialHelp} error={fields.credential}>
          {(a) => <input {...a} type="password" autoComplete="off" value={form.credential} onInput={(e) => set({ credential: e.currentTarget.value })} />}
        </Field>
        <div class="row">
          <button type="submit" class="primary" disabled={state.kind === 'connecting'}>
            {c.connect}
          </button>
          {saved && (
            <button type="button" onClick={() => void model.disconnect()}>
              {c.disconnect}
            </button>
          )}
        </div>
      </form>
      <p class={`connect-status ${tone}`} role="status" data-state={state.kind === 'failed' ? state.code : state.kind}>
        {message}
      </p>
      {saved && <JoinForm model={model} />}
    </section>
  );
}
