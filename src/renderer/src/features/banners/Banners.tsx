import { useState } from 'react';
import { wasRecovered } from '../../../../shared/renderer-recovery';
import { useDashboardStore } from '../../stores/dashboard';
import { useStatusStore } from '../../stores/status';
import { useUiStore } from '../../stores/ui';
import { useNow } from '../../lib/use-now';
import { bannerMessage } from './banner-message';

export function OfflineBanner() {
  const status = useStatusStore((s) => s.data);
  const statusError = useStatusStore((s) => s.error);
  const asOf = useDashboardStore((s) => s.data?.asOf ?? null);
  const openSettings = useUiStore((s) => s.openSettings);
  const now = useNow();
  const banner = bannerMessage(status, asOf, now);

  if (!banner && !statusError) return null;
  return (
    <div className={`banner banner-${banner?.tone ?? 'error'}`} data-testid="offline-banner" role="status">
      <span>{banner ? banner.text : `Could not read the app status: ${statusError?.message ?? ''}`}</span>
      {banner?.settings ? (
        <button type="button" className="button-small" onClick={openSettings}>
          Open Settings
        </button>
      ) : null}
    </div>
  );
}

/** Demo mode: simulated data, with the way out. */
export function DemoStrip() {
  const demo = useStatusStore((s) => s.data?.mode === 'demo');
  const openSettings = useUiStore((s) => s.openSettings);
  if (!demo) return null;
  return (
    // A landmark of its own: it sits between the header and main, and nothing on a page may be outside one.
    <section className="demo-strip" aria-label="Demo mode">
      <span>You are looking at simulated demo data.</span>
      <button type="button" className="button-primary" onClick={openSettings}>
        Connect your Devin account
      </button>
    </section>
  );
}

/** Main reloaded this window after its renderer process died (`?recovered=1`): say so until dismissed. */
export function RecoveredBanner() {
  const [shown, setShown] = useState(() => wasRecovered(window.location.search));
  if (!shown) return null;
  return (
    <div className="banner" data-testid="recovered-banner" role="status">
      <span>The dashboard window stopped unexpectedly and was reloaded. If it keeps happening, Help → Copy diagnostics gives a report to send.</span>
      <button type="button" className="button-small" onClick={() => setShown(false)}>
        Dismiss
      </button>
    </div>
  );
}
