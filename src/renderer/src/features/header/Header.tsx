import { useStatusStore } from '../../stores/status';
import { useUiStore } from '../../stores/ui';
import { ProfileSelect } from '../profiles/ProfileSelect';
import { DateRangePicker } from './DateRangePicker';
import { OrgSelect } from './OrgSelect';
import { QueueBadge } from './QueueBadge';
import { SyncStatus } from './SyncStatus';

export function Header() {
  const demo = useStatusStore((s) => s.data?.mode === 'demo');
  const openSettings = useUiStore((s) => s.openSettings);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>Devin usage</h1>
        {demo ? (
          <span className="demo-badge" data-testid="demo-badge" title="Demo mode: simulated data">
            DEMO
          </span>
        ) : null}
      </div>
      <div className="header-filters">
        <ProfileSelect />
        <OrgSelect />
        <DateRangePicker />
      </div>
      <div className="header-status">
        <QueueBadge />
        <SyncStatus />
        <button type="button" className="button-small" onClick={openSettings} title="Settings (Ctrl+,)">
          Settings
        </button>
      </div>
    </header>
  );
}
