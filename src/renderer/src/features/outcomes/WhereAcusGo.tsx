/** Where the ACUs went: by origin, tag, playbook and outcome; a slice click filters the sessions table (issue 10). */
import { memo } from 'react';
import { OTHER_TAGS, type AcuSlice, type OriginBucket, type SessionOutcome } from '../../../../shared/outcomes';
import { ErrorNote, Skeleton } from '../../components/Feedback';
import { Panel } from '../../components/Panel';
import { formatAcus, formatCount } from '../../lib/format';
import { useOutcomesStore } from '../../stores/outcomes';
import { useSessionsStore } from '../../stores/sessions';

export const OUTCOME_LABELS: Record<SessionOutcome, string> = {
  merged_pr: 'Merged PR',
  open_pr: 'Open PR (not merged)',
  error: 'Error',
  no_pr: 'No PR',
};

interface Slice extends AcuSlice {
  key: string;
  label: string;
  /** null: not a filter the table has (e.g. "others" tags). */
  select: (() => void) | null;
  active: boolean;
}

function Slices({ testId, title, slices }: { testId: string; title: string; slices: Slice[] }) {
  const max = Math.max(1e-9, ...slices.map((s) => s.acus));
  return (
    <div className="slices" data-testid={testId}>
      <h3>{title}</h3>
      {slices.length === 0 ? <p className="muted">None in this range.</p> : null}
      <ul>
        {slices.map((s) => {
          const body = (
            <>
              <span className="slice-label">{s.label}</span>
              <span className="slice-bar" style={{ width: `${(s.acus / max) * 100}%` }} aria-hidden="true" />
              <span className="slice-figures">
                {formatAcus(s.acus)} ACUs · {formatCount(s.sessions)} sessions
              </span>
            </>
          );
          return (
            <li key={s.key} data-testid={`slice-${s.key}`} data-acus={s.acus} data-sessions={s.sessions}>
              {s.select ? (
                <button type="button" className="slice" aria-pressed={s.active} onClick={s.select} title={`Show these sessions in the table`}>
                  {body}
                </button>
              ) : (
                <div className="slice">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export const WhereAcusGo = memo(function WhereAcusGo() {
  const data = useOutcomesStore((s) => s.data);
  const error = useOutcomesStore((s) => s.error);
  const filter = useSessionsStore((s) => s.filter);
  const setFilter = useSessionsStore((s) => s.setOutcomeFilter);
  if (!data) {
    return (
      <Panel testId="acus-by-origin" title="Where ACUs go">
        {error ? <ErrorNote error={error} prefix="Could not load outcomes" /> : <Skeleton lines={4} label="Loading" />}
      </Panel>
    );
  }
  const toggle = <K extends 'origin' | 'tag' | 'outcome'>(key: K, value: NonNullable<(typeof filter)[K]>) => () =>
    setFilter({ [key]: filter[key] === value ? null : value });
  return (
    <Panel testId="acus-by-origin" title="Where ACUs go">
      <div className="grid-2">
        <Slices
          testId="acus-by-origin-slices"
          title="By origin"
          slices={data.acusByOrigin.map((s) => ({ ...s, key: `origin-${s.origin}`, label: s.origin, select: toggle('origin', s.origin as OriginBucket), active: filter.origin === s.origin }))}
        />
        <Slices
          testId="acus-by-outcome"
          title="By outcome"
          slices={data.acusByOutcome.map((s) => ({ ...s, key: `outcome-${s.outcome}`, label: OUTCOME_LABELS[s.outcome], select: toggle('outcome', s.outcome), active: filter.outcome === s.outcome }))}
        />
        <Slices
          testId="acus-by-tag"
          title="By tag (top 10)"
          slices={data.acusByTag.map((s) => ({ ...s, key: `tag-${s.tag}`, label: s.tag === OTHER_TAGS ? 'Other tags' : s.tag, select: s.tag === OTHER_TAGS ? null : toggle('tag', s.tag), active: filter.tag === s.tag }))}
        />
        <Slices
          testId="acus-by-playbook"
          title="By playbook"
          slices={data.acusByPlaybook.slice(0, 10).map((s) => ({ ...s, key: `playbook-${s.playbookId ?? 'none'}`, label: s.playbookId ?? 'No playbook', select: null, active: false }))}
        />
      </div>
    </Panel>
  );
});
