import type { Organization } from '../../../../shared/dashboard';
import { useDashboardStore } from '../../stores/dashboard';
import { useQueryStore } from '../../stores/query';

const NO_ORGS: Organization[] = [];
const ALL = '';

export function OrgSelect() {
  const orgId = useQueryStore((s) => s.orgId);
  const setOrg = useQueryStore((s) => s.setOrg);
  const orgs = useDashboardStore((s) => s.data?.organizations ?? NO_ORGS);
  // Keep the selected org listed even before the organizations have loaded.
  const listed =
    orgId !== null && !orgs.some((o) => o.orgId === orgId)
      ? [...orgs, { orgId, name: orgId, maxCycleAcuLimit: null }]
      : orgs;

  return (
    <label className="field-inline">
      <span className="visually-hidden">Organization</span>
      <select
        data-testid="org-select"
        value={orgId ?? ALL}
        onChange={(e) => setOrg(e.target.value === ALL ? null : e.target.value)}
      >
        <option value={ALL}>All organizations</option>
        {listed.map((o) => (
          <option key={o.orgId} value={o.orgId}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
