import { useEffect, useState } from 'preact/hooks';
import type { AgentPublic, Team } from '../../protocol';
import { checkTeamName, eligibleMembers, memberNames, membersOf, sameMembers, withMember } from '../../models/options/teams';
import type { OptionsModel } from '../../models/options/options-model';
import { texts } from '../../models/i18n';
import { Check, Field, Status } from './Field';

type Result = { message: string | null; error: string | null };

/** `Teams`: admins add, rename and delete teams and tick their members; agents see who is in which team. */
export function TeamsSection({ model }: { model: OptionsModel }) {
  const t = texts().options;
  const s = t.teams;
  const client = model.client.value;
  const [result, setResult] = useState<Result>({ message: null, error: null });
  if (!client) return null;
  const teams = model.teams.value;
  const agents = client.agents.value;
  const admin = model.isAdmin.value;

  return (
    <section id="teams" aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t.sections.teams}</h2>
      <p class="help">{s.intro}</p>
      {!admin && <p class="notice">{s.adminsOnly}</p>}
      {teams.length === 0 ? (
        <p class="help">{s.empty}</p>
      ) : (
        <ul class="team-list">
          {teams.map((team) =>
            admin ? (
              <TeamItem key={`${team.id}:${team.name}`} team={team} agents={agents} model={model} onResult={setResult} />
            ) : (
              <li key={team.id} data-team={team.name}>
                <h3>{team.name}</h3>
                <p>{memberNames(agents, team.id).join(', ') || s.noMembers}</p>
              </li>
            ),
          )}
        </ul>
      )}
      {admin && <AddTeamForm model={model} onResult={setResult} />}
      <Status message={result.message} error={result.error} />
    </section>
  );
}

/** One team, for an admin: rename, members (each checkbox saves the whole list at once), delete after a confirmation. */
function TeamItem({ team, agents, model, onResult }: { team: Team; agents: readonly AgentPublic[]; model: OptionsModel; onResult: (r: Result) => void }) {
  const s = texts().options.teams;
  const [name, setName] = useState(team.name);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const headingId = `team-${team.id}-heading`;
  const members = membersOf(agents, team.id);
  // The list last sent, until the room lists exactly it (or refuses): what the checkboxes show meanwhile.
  const [pending, setPending] = useState<string[] | null>(null);
  const shown = pending ?? members;
  useEffect(() => {
    if (pending && sameMembers(pending, members)) setPending(null);
  }, [members.join(' ')]);

  const rename = async (e: Event) => {
    e.preventDefault();
    const checked = checkTeamName(name);
    if (!checked.ok) return setNameError(checked.errors['name'] ?? checked.errors['']);
    setNameError(undefined);
    const out = await model.run((c) => c.request({ type: 'team-update', id: team.id, name: checked.value }), '');
    if (!out.ok) setNameError(out.fields['name']);
    onResult(out.ok ? { message: s.renamed(checked.value), error: null } : { message: null, error: out.message });
  };
  const setMember = async (agentId: string, on: boolean) => {
    const next = withMember(shown, agentId, on);
    setPending(next);
    const out = await model.run((c) => c.request({ type: 'team-update', id: team.id, members: next }), '');
    if (!out.ok) setPending(null);
    onResult(out.ok ? { message: s.membersSaved(team.name), error: null } : { message: null, error: out.message });
  };
  const remove = async () => {
    setConfirming(false);
    const out = await model.run((c) => c.request({ type: 'team-delete', id: team.id }), '');
    onResult(out.ok ? { message: s.deleted(team.name), error: null } : { message: null, error: out.message });
  };

  return (
    <li class="team" data-team={team.name} aria-labelledby={headingId}>
      <h3 id={headingId}>{team.name}</h3>
      <form class="row" onSubmit={rename} noValidate>
        <Field label={s.nameOf(team.name)} error={nameError}>
          {(a) => <input {...a} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <button type="submit" disabled={name.trim() === team.name}>
          {s.rename}
        </button>
      </form>
      <fieldset class="members">
        <legend>{s.membersOf(team.name)}</legend>
        {eligibleMembers(agents).map((a) => (
          <Check key={a.id} label={a.name} checked={shown.includes(a.id)} onChange={(on) => void setMember(a.id, on)} />
        ))}
      </fieldset>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-label={s.confirmDelete(team.name)}>
          <p>{s.confirmDelete(team.name)}</p>
          <button type="button" class="danger" onClick={() => void remove()}>
            {s.delete}
          </button>
          <button type="button" autoFocus onClick={() => setConfirming(false)}>
            {s.cancel}
          </button>
        </div>
      ) : (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          {s.delete}
          <span class="visually-hidden"> {team.name}</span>
        </button>
      )}
    </li>
  );
}

/** `Add team`: a name; its members are ticked in its row once the room has listed it. */
function AddTeamForm({ model, onResult }: { model: OptionsModel; onResult: (r: Result) => void }) {
  const s = texts().options.teams;
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const checked = checkTeamName(name);
    if (!checked.ok) return setError(checked.errors['name'] ?? checked.errors['']);
    setError(undefined);
    setBusy(true);
    const out = await model.run((c) => c.request({ type: 'team-create', name: checked.value }), '');
    setBusy(false);
    if (!out.ok) {
      setError(out.fields['name']);
      return onResult({ message: null, error: out.message });
    }
    setName('');
    onResult({ message: s.added(checked.value), error: null });
  };

  return (
    <form class="add-team row" onSubmit={submit} aria-label={s.addTeam} noValidate>
      <Field label={s.name} error={error}>
        {(a) => <input {...a} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="primary" disabled={busy}>
        {s.addTeam}
      </button>
    </form>
  );
}
