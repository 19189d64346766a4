// First: must run before any module builds a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, appChunks } from './App';

/**
 * Renders the app, or, without the preload bridge, why nothing can load. The app's other chunks are loaded
 * first (they download beside this one; the first screen's data is still on its way meanwhile), so the first
 * render shows every panel; one that fails to load shows its placeholder until it does.
 */
export async function renderRoot(bridged: boolean): Promise<void> {
  if (bridged) await Promise.allSettled(appChunks.map((c) => c.preload()));
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      {bridged ? (
        <App />
      ) : (
        <p className="error-note" role="alert">
          The app could not connect to its main process (the preload bridge is missing). Please restart the app.
        </p>
      )}
    </StrictMode>,
  );
}
