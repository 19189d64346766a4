/**
 * The sessions table's outcome parts (issue 10): PR chips (links only through the allow-list, else text),
 * origin and tag chips, and the origin / tag / outcome filters that a slice click also sets.
 */
import { memo } from 'react';
import type { SessionRow } from '../../../../shared/dashboard';
import { ORIGIN_BUCKETS, OTHER_TAGS, SESSION_OUTCOMES, type OriginBucket, type SessionOutcome } from '../../../../shared/outcomes';
import { allowedPrHref } from '../../../../shared/pr-links';
import { openInBrowser } from '../../lib/open-in-browser';
import { useOutcomesStore } from '../../stores/outcomes';
import { useSessionsStore } from '../../stores/sessions';
import { OUTCOME_LABELS } from '../outcomes/WhereAcusGo';

const NO_HOSTS: string[] = [];

/** Chip class for a PR state as sent: known states get their colour, anything else the neutral one. */
const stateClass = (state: string | null) => {
  const s = state?.toLowerCase() ?? 'unknown';
  return ['open', 'merged', 'closed'].includes(s) ? `pr-${s}` : 'pr-unknown';
};

export const PrChips = memo(function PrChips({ prs }: { prs: SessionRow['prs'] }) {
  const hosts = useOutcomesStore((s) => s.data?.prHosts ?? NO_HOSTS);
  if (prs.length === 0) return <span className="muted">—</span>;
  return (
    <span className="pr-chips" data-pr-count={prs.length}>
      {prs.map((pr) => {
        const href = allowedPrHref(pr.url, hosts);
        const label = pr.state ?? 'unknown';
        return href ? (
          <button
            key={pr.url}
            type="button"
            className={`chip pr-chip ${stateClass(pr.state)}`}
            title={pr.url}
            onClick={() => openInBrowser(href)}
          >
            {label} ↗
          </button>
        ) : (
          <span key={pr.url} className={`chip pr-chip ${stateClass(pr.state)}`} title={pr.url} data-link="none">
            {label}: {pr.url}
          </span>
        );
      })}
    </span>
  );
});

export function TagChips({ tags }: { tags: string[] }) {
  return (
    <span className="tag-chips">
      {tags.map((t) => (
        <span key={t} className="chip tag-chip">
          {t}
        </span>
      ))}
    </span>
  );
}

export function OutcomeFilters() {
  const filter = useSessionsStore((s) => s.filter);
  const setFilter = useSessionsStore((s) => s.setOutcomeFilter);
  const tags = useOutcomesStore((s) => s.data?.acusByTag);
  const tagOptions = (tags ?? []).map((t) => t.tag).filter((t) => t !== OTHER_TAGS);
  if (filter.tag && !tagOptions.includes(filter.tag)) tagOptions.push(filter.tag);
  return (
    <div className="filters">
      <label className="field-inline">
        Origin
        <select aria-label="Origin filter" value={filter.origin ?? ''} onChange={(e) => setFilter({ origin: (e.target.value || null) as OriginBucket | null })}>
          <option value="">All origins</option>
          {ORIGIN_BUCKETS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        Tag
        <select aria-label="Tag filter" value={filter.tag ?? ''} onChange={(e) => setFilter({ tag: e.target.value || null })}>
          <option value="">All tags</option>
          {tagOptions.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        Outcome
        <select aria-label="Outcome filter" value={filter.outcome ?? ''} onChange={(e) => setFilter({ outcome: (e.target.value || null) as SessionOutcome | null })}>
          <option value="">All outcomes</option>
          {SESSION_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      {(['origin', 'tag', 'outcome'] as const).map((key) =>
        filter[key] ? (
          <span key={key} className="chip" data-testid={`${key}-filter-chip`}>
            {key}: {key === 'outcome' ? OUTCOME_LABELS[filter.outcome as SessionOutcome] : filter[key]}
            <button type="button" aria-label={`Remove the ${key} filter`} onClick={() => setFilter({ [key]: null })}>
              ×
            </button>
          </span>
        ) : null,
      )}
    </div>
  );
}
