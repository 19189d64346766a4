import type { Organization } from '../../../../shared/dashboard';
import { Combobox } from '../../components/Combobox';
import { useDashboardStore } from '../../stores/dashboard';
import { useQueryStore } from '../../stores/query';

const NO_ORGS: Organization[] = [];
const orgKey = (o: Organization): string => o.orgId;
const orgLabel = (o: Organization): string => o.name;

/** The header's organization filter: a searchable combobox, since an enterprise may have hundreds. */
export function OrgSelect() {
  const orgId = useQueryStore((s) => s.orgId);
  const setOrg = useQueryStore((s) => s.setOrg);
  const orgs = useDashboardStore((s) => s.data?.organizations ?? NO_ORGS);
  // The selected org is named even before the organizations have loaded (by its id until then).
  const selectedLabel =
    orgId === null ? 'All organizations' : (orgs.find((o) => o.orgId === orgId)?.name ?? orgId);

  return (
    <Combobox
      label="Organization"
      testId="org-select"
      className="org-select"
      items={orgs}
      itemKey={orgKey}
      itemLabel={orgLabel}
      selectedKey={orgId}
      selectedLabel={selectedLabel}
      allLabel="All organizations"
      onSelect={(key) => setOrg(key)}
    />
  );
}
