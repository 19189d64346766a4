/**
 * The application menu, following each platform's conventions (macOS: app menu with About/Settings/Quit;
 * Windows and Linux: File and Help). Reload and DevTools exist only in development builds, so
 * Ctrl/⌘+R means "refresh the data", never "reload the page". Help has what a bug report needs.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  appName: string;
  isMac: boolean;
  isDev: boolean;
  onSettings: () => void;
  onRefresh: () => void;
  onQuit: () => void;
  /** Help → Open logs folder. */
  onOpenLogs: () => void;
  /** Help → Copy diagnostics; the item is left out when no diagnostics source is wired. */
  onCopyDiagnostics?: () => void;
}

export function buildAppMenu(opts: AppMenuOptions): Menu {
  const settings: MenuItemConstructorOptions = { label: opts.isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: opts.onSettings };
  const refresh: MenuItemConstructorOptions = { label: 'Refresh', accelerator: 'CmdOrCtrl+R', click: opts.onRefresh };
  const quit: MenuItemConstructorOptions = { label: opts.isMac ? `Quit ${opts.appName}` : 'Quit', accelerator: 'CmdOrCtrl+Q', click: opts.onQuit };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions[] = opts.isDev
    ? [{ label: 'View', submenu: [{ role: 'reload', accelerator: 'F5' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] }]
    : [];

  const support: MenuItemConstructorOptions[] = [
    { label: 'Open logs folder', click: opts.onOpenLogs },
    ...(opts.onCopyDiagnostics ? [{ label: 'Copy diagnostics', click: opts.onCopyDiagnostics }] : []),
  ];

  const template: MenuItemConstructorOptions[] = opts.isMac
    ? [
        {
          label: opts.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            settings,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            quit,
          ],
        },
        { label: 'File', submenu: [refresh, { type: 'separator' }, { role: 'close' }] },
        edit,
        ...view,
        { role: 'windowMenu' },
        { role: 'help', submenu: support },
      ]
    : [
        { label: 'File', submenu: [refresh, settings, { type: 'separator' }, quit] },
        edit,
        ...view,
        { label: 'Help', submenu: [...support, { type: 'separator' }, { role: 'about', label: `About ${opts.appName}` }] },
      ];
  return Menu.buildFromTemplate(template);
}
