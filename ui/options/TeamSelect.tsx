import type { Team } from '../../protocol';
import { teamNamed } from '../../models/options/teams';
import { Field } from './Field';
import { texts } from '../../models/i18n';

type Props = { label: string; help?: string; value: string | undefined; teams: readonly Team[]; emptyLabel: string; disabled: boolean; error?: string | undefined; onChange: (id: string | undefined) => void };

/** A team (or none) for a live chat card or a question's button; a team deleted since is shown as such, not lost. */
export function TeamSelect(props: Props) {
  const t = texts().options.liveChat;
  const gone = props.value !== undefined && !teamNamed(props.teams, props.value);
  return (
    <Field label={props.label} help={props.help} error={props.error}>
      {(a) => (
        <select {...a} value={props.value ?? ''} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.value || undefined)}>
          <option value="">{props.emptyLabel}</option>
          {props.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
          {gone && <option value={props.value}>{t.goneTeam}</option>}
        </select>
      )}
    </Field>
  );
}
