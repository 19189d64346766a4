/**
 * Lifecycle only: one instance, security guards and the app:// scheme before any web contents exists,
 * compose on ready, an orderly stop before quitting. Everything else lives in ./electron (glue) and
 * ./services (logic).
 */
import { app } from 'electron';
import { registerAppScheme } from './electron/app-protocol';
import { composeApp, type Shell } from './electron/compose';
import { installSecurityGuards } from './electron/security';
import { resolveDataDir } from './services/data-dir';
import { createLogFileSink, logDirOf } from './services/log-file';
import { createLogger, stderrSink, teeSink } from './services/logger';

// Every line also goes to <data dir>/logs/main.log (rotated, redacted), so a packaged app leaves a trail.
const logFile = createLogFileSink({ dir: logDirOf(resolveDataDir(process.env, app.getPath('userData'))), name: 'main' });
const log = createLogger('main', teeSink(stderrSink, logFile));

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (which focuses its window) and exits.
  app.quit();
} else {
  installSecurityGuards(log.child('security'));
  // Scheme privileges can only be registered before `ready`.
  registerAppScheme();
  let shell: Shell | null = null;
  let disposed = false;

  app.on('second-instance', () => shell?.showWindow());
  // The app lives in the tray: closing the last window does not quit it.
  app.on('window-all-closed', () => undefined);

  app.on('before-quit', (event) => {
    if (disposed || !shell) return;
    event.preventDefault();
    const s = shell;
    shell = null;
    s.dispose()
      .catch((err: unknown) => log.error('shutdown failed', { error: err }))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      shell = await composeApp(log);
    })
    .catch((err: unknown) => {
      log.error('startup failed', { error: err });
      app.exit(1);
    });
}
