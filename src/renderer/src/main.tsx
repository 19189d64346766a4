// First: must run before any module builds a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Without the preload bridge nothing can load; say so instead of showing an empty window.
createRoot(root).render(
  <StrictMode>
    {typeof window.api === 'object' && window.api !== null ? (
      <App />
    ) : (
      <p className="error-note" role="alert">
        The app could not connect to its main process (the preload bridge is missing). Please restart the app.
      </p>
    )}
  </StrictMode>,
);
