// First: must run before any module builds a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/** Renders the app, or, without the preload bridge, why nothing can load. */
export function renderRoot(bridged: boolean): void {
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
