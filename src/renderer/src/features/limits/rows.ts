/** The limits table's rows: which scopes show for the selected organization, and in what order. */
import type { ScopeSpend } from '../../../../shared/spend';

export const LIMIT_SORTS = ['scope', 'used-pct', 'used', 'projected', 'run-out'] as const;
export type LimitSort = (typeof LIMIT_SORTS)[number];

export const LIMIT_SORT_LABELS: Record<LimitSort, string> = {
  scope: 'Scope',
  'used-pct': '% used',
  used: 'Used ACUs',
  projected: 'Projected ACUs',
  'run-out': 'Run-out date',
};

/** All scopes, or with one organization selected: the enterprise and that organization. */
export function visibleScopes(scopes: readonly ScopeSpend[], orgId: string | null): ScopeSpend[] {
  return orgId === null ? [...scopes] : scopes.filter((s) => s.scope === 'enterprise' || (s.scope === 'org' && s.id === orgId));
}

/** The enterprise always first; the rest by the chosen column (largest / soonest first), then as the report lists them. */
export function sortScopes(scopes: readonly ScopeSpend[], sort: LimitSort): ScopeSpend[] {
  if (sort === 'scope') return [...scopes];
  const pinned = scopes.filter((s) => s.scope === 'enterprise');
  const rest = scopes.filter((s) => s.scope !== 'enterprise');
  const key = (s: ScopeSpend): number => {
    switch (sort) {
      case 'used-pct':
        return s.usedPct ?? -1;
      case 'used':
        return s.usedAcus;
      case 'projected':
        return s.projectedAcus;
      case 'run-out':
        return s.runOutDate === null ? -Infinity : -Date.parse(s.runOutDate);
    }
  };
  const indexed = rest.map((s, i) => ({ s, i }));
  indexed.sort((a, b) => key(b.s) - key(a.s) || a.i - b.i);
  return [...pinned, ...indexed.map((x) => x.s)];
}
