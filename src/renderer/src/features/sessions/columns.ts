import type { SessionSortColumn } from '../../../../shared/dashboard';

export interface SessionColumn {
  key: 'title' | 'user' | 'org' | 'status' | 'created' | 'duration' | 'acus' | 'cost';
  label: string;
  /** Cost is ACUs × one rate, so it sorts by ACUs. */
  sort: SessionSortColumn;
  numeric: boolean;
}

export const SESSION_COLUMNS: readonly SessionColumn[] = [
  { key: 'title', label: 'Title', sort: 'title', numeric: false },
  { key: 'user', label: 'User', sort: 'user', numeric: false },
  { key: 'org', label: 'Organization', sort: 'org', numeric: false },
  { key: 'status', label: 'Status', sort: 'status', numeric: false },
  { key: 'created', label: 'Created', sort: 'created_at', numeric: false },
  { key: 'duration', label: 'Duration', sort: 'duration', numeric: true },
  { key: 'acus', label: 'ACUs', sort: 'acus', numeric: true },
  { key: 'cost', label: 'Cost', sort: 'acus', numeric: true },
];
