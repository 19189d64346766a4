import { useState } from 'react';
import { api, call } from '../api';

type ExportState =
  { kind: 'idle' } | { kind: 'working' } | { kind: 'saved' } | { kind: 'failed'; message: string };

interface ExportCsvButtonProps {
  /** Builds the file content from what the panel shows; may fetch (the sessions table pages through main). */
  build: () => string | Promise<string>;
  fileName: string;
  disabled?: boolean;
}

/** "Export CSV": main shows the save dialog and writes the file; the renderer only hands over the text. */
export function ExportCsvButton({ build, fileName, disabled = false }: ExportCsvButtonProps) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const run = async (): Promise<void> => {
    setState({ kind: 'working' });
    try {
      const content = await build();
      const res = await call(() => api().saveCsv({ suggestedName: fileName, content }));
      if (!res.ok) setState({ kind: 'failed', message: res.error.message });
      else setState(res.data.saved ? { kind: 'saved' } : { kind: 'idle' });
    } catch (err) {
      setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <span className="export-csv">
      <button
        type="button"
        className="button-small"
        onClick={() => void run()}
        disabled={disabled || state.kind === 'working'}
      >
        {state.kind === 'working' ? 'Exporting…' : 'Export CSV'}
      </button>
      {state.kind === 'saved' ? <span className="export-status">Saved</span> : null}
      {state.kind === 'failed' ? (
        <span className="export-status error-text" role="alert">
          {state.message}
        </span>
      ) : null}
    </span>
  );
}
