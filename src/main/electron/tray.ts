/**
 * The tray queue indicator: draws what services/queue-health.ts `trayPresentation` says. Colour only
 * when the queue is elevated or high; on macOS the calm states use template images so they follow the
 * menu bar's light/dark appearance. `name@2x.png` next to each image is picked up for HiDPI.
 */
import { join } from 'node:path';
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { CacheUpgradeProgress, ProfilesState, QueueHealth, QueueLevel, SyncProgress } from '../../shared/dashboard';
import { ago, trayPresentation, type TrayPresentation } from '../services/queue-health';
import { profileMenuItems, profileTooltipLine } from '../services/tray-profiles';
import { cacheUpgradeTooltipLine, syncTooltipLine } from '../services/tray-sync';
import type { SpendAlertsEvent } from '../../shared/spend';

export interface QueueTrayOptions {
  iconsDir: string;
  isMac: boolean;
  onOpen: () => void;
  onRefresh: () => void;
  onSettings: () => void;
  onSwitchProfile: (id: string) => void;
  onQuit: () => void;
  /** Opens the limits panel (spend lines in the menu). */
  onLimits: () => void;
}

export interface QueueTray {
  update(health: QueueHealth, lastSyncAt: number | null): void;
  /** The profiles to offer, and whether demo data is on screen (the tooltip says whose queue it is). */
  setProfiles(profiles: ProfilesState | null, demo: boolean): void;
  /** Spend control: scopes at ≥ 80 % in the menu, the worst one in the tooltip (services/spend `spendTray`). */
  updateSpend(view: SpendAlertsEvent['tray']): void;
  /** The running sync's progress (`sync:progress`); a `done` one removes the line. */
  updateSync(progress: SyncProgress): void;
  /** The opening cache's upgrade (`cache:progress`); the last one (100 %) removes the line. */
  updateCacheUpgrade(progress: CacheUpgradeProgress): void;
  /** What the tray shows now (test hooks read it). */
  current(): TrayPresentation;
  destroy(): void;
}

export function iconFileFor(level: QueueLevel, isMac: boolean): string {
  const monochrome = level === 'normal' || level === 'unknown';
  return `${level}${isMac && monochrome ? 'Template' : ''}.png`;
}

export function createQueueTray(opts: QueueTrayOptions): QueueTray {
  const images = new Map<string, NativeImage>();
  const image = (level: QueueLevel) => {
    const file = iconFileFor(level, opts.isMac);
    let img = images.get(file);
    if (!img) {
      img = nativeImage.createFromPath(join(opts.iconsDir, file));
      images.set(file, img);
    }
    return img;
  };

  let health: QueueHealth = { level: 'unknown', queueSize: null, checkedAt: null, reason: 'Not checked yet' };
  let lastSyncAt: number | null = null;
  let profiles: ProfilesState | null = null;
  let demo = false;
  let spend: SpendAlertsEvent['tray'] = { lines: [], tooltip: null };
  let syncLine: string | null = null;
  let upgradeLine: string | null = null;
  let shown = trayPresentation(health, Date.now());
  let shownIcon: QueueLevel | null = null;
  const tray = new Tray(image('unknown'));
  tray.on('click', opts.onOpen);

  const render = () => {
    const now = Date.now();
    const base = trayPresentation(health, now);
    const extra = [profileTooltipLine(profiles, demo), upgradeLine, syncLine].filter((l) => l !== null);
    shown = extra.length ? { ...base, tooltip: [base.tooltip, ...extra].join('\n') } : base;
    const profileItems = profileMenuItems(profiles);
    if (shown.icon !== shownIcon) {
      tray.setImage(image(shown.icon));
      shownIcon = shown.icon;
    }
    tray.setToolTip(spend.tooltip ? `${shown.tooltip}\n${spend.tooltip}` : shown.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: shown.statusLine, enabled: false },
        { label: lastSyncAt === null ? 'Not synced yet' : `Last sync: ${ago(lastSyncAt, now)}`, enabled: false },
        ...spend.lines.map((label) => ({ label, click: opts.onLimits })),
        { type: 'separator' },
        { label: 'Open dashboard', click: opts.onOpen },
        { label: 'Refresh now', click: opts.onRefresh },
        { label: 'Settings', click: opts.onSettings },
        ...(profileItems.length > 1
          ? [
              {
                label: 'Profiles',
                submenu: profileItems.map((p) => ({
                  label: p.label,
                  type: 'radio' as const,
                  checked: p.checked,
                  enabled: p.enabled,
                  click: () => opts.onSwitchProfile(p.id),
                })),
              },
            ]
          : []),
        { type: 'separator' },
        { label: 'Quit', click: opts.onQuit },
      ]),
    );
  };

  // "3 min ago" goes stale on its own; redraw each minute.
  const ticker = setInterval(render, 60_000);
  render();

  return {
    update(next, syncAt) {
      health = next;
      lastSyncAt = syncAt;
      if (!tray.isDestroyed()) render();
    },
    setProfiles(next, isDemo) {
      profiles = next;
      demo = isDemo;
      if (!tray.isDestroyed()) render();
    },
    updateSpend(view) {
      spend = view;
      if (!tray.isDestroyed()) render();
    },
    updateSync(progress) {
      const line = syncTooltipLine(progress);
      if (line === syncLine) return;
      syncLine = line;
      if (!tray.isDestroyed()) render();
    },
    updateCacheUpgrade(progress) {
      const line = cacheUpgradeTooltipLine(progress);
      if (line === upgradeLine) return;
      upgradeLine = line;
      if (!tray.isDestroyed()) render();
    },
    current: () => ({ ...shown, ...(spend.tooltip ? { tooltip: `${shown.tooltip}\n${spend.tooltip}` } : {}) }),
    destroy() {
      clearInterval(ticker);
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
