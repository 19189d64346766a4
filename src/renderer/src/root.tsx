// First: must run before any module builds a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, appChunks } from './App';

/** How long the first render waits for the first screen's data once the code is in, before it shows skeletons. */
const FIRST_ANSWER_WAIT_MS = 120;

/**
 * Renders the app, or, without the preload bridge, why nothing can load. The app's other chunks are loaded
 * first (they download beside this one), so the first render shows every panel; and it waits a moment for the
 * first screen's data (`firstAnswer`, asked for by main.tsx), so the panels usually mount once, with their
 * figures, instead of drawing skeletons and then everything again. `evaluated` marks when the code is in.
 */
export async function renderRoot(bridged: boolean, firstAnswer: Promise<void>, evaluated: () => void): Promise<void> {
  if (bridged) await Promise.allSettled(appChunks.map((c) => c.preload()));
  evaluated();
  await Promise.race([firstAnswer, new Promise((resolve) => setTimeout(resolve, FIRST_ANSWER_WAIT_MS))]);
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
