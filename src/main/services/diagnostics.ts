/**
 * "Copy diagnostics": a plain-text summary a user can paste into a support request — versions, settings, how
 * fresh each dataset is and the last errors. Built from an allow-list of fields, and every piece of text is
 * scrubbed of the token (in any encoding) and of e-mail addresses, so nothing secret or personal is copied.
 */
import { arch, release } from 'node:os';
import { DEFAULT_SETTINGS, type AppStatus, type Settings } from '../../shared/dashboard';
import type { AppError } from '../../shared/ipc/result';
import { secretRedactor } from '../../shared/redact';

export interface DiagnosticsInput {
  app: { name: string; version: string };
  /** Default `process.versions` (in Electron's main process it names Electron and Chrome too). */
  versions?: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>;
  /** Default this machine's. */
  os?: { platform: string; release: string; arch: string };
  settings: Settings;
  status: AppStatus | null;
  /** Where the log files are. */
  logDir?: string | null;
  /** Other recent failures to include (e.g. from the app's own bookkeeping). */
  lastErrors?: readonly (AppError | string)[];
  /** Values to scrub wherever they appear, in every encoding: pass the configured token. */
  secrets?: readonly (string | null | undefined)[];
  now?: number;
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const MAX_ERRORS = 10;
const MAX_ERROR_CHARS = 400;
const clip = (text: string): string => (text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 1)}…`);

export function buildDiagnostics(input: DiagnosticsInput): string {
  const redactSecrets = secretRedactor(input.secrets ?? []);
  const clean = (text: string): string => redactSecrets(text).replace(EMAIL_RE, '[email]');
  const when = (ms: number | null): string => (ms === null ? 'never' : new Date(ms).toISOString());
  const versions = input.versions ?? process.versions;
  const os = input.os ?? { platform: process.platform, release: release(), arch: arch() };
  const status = input.status;

  const lines = [
    `${input.app.name} ${input.app.version}`,
    `generated: ${when(input.now ?? Date.now())}`,
    `electron: ${versions.electron ?? '-'}  chrome: ${versions.chrome ?? '-'}  node: ${versions.node ?? '-'}`,
    `os: ${os.platform} ${os.release} (${os.arch})`,
    ...(input.logDir ? [`logs: ${input.logDir}`] : []),
    '',
    'settings:',
    // Only the known settings keys, so a field added later is not copied until someone decides it is safe.
    ...Object.keys(DEFAULT_SETTINGS).map((key) => `  ${key}: ${JSON.stringify(input.settings[key as keyof Settings] ?? null)}`),
  ];

  if (status) {
    lines.push(
      '',
      `mode: ${status.mode}  token: ${status.token.source}  keychain: ${status.token.keychainAvailable ? 'available' : 'unavailable'}  online: ${status.online}  syncing: ${status.syncing}`,
      // The profile's name and the principal's type and id, never a person's name or e-mail.
      `account: ${status.account ? `profile ${JSON.stringify(status.account.profileName)}, ${status.account.identity ? `${status.account.identity.principalType} ${status.account.identity.principalId} at ${status.account.identity.apiBaseUrl}` : 'not identified'}${status.account.verified ? '' : ' (not verified yet)'}` : 'demo'}`,
      `queue: ${status.queue.level} (checked ${when(status.queue.checkedAt)})`,
      `last sync: ${status.lastSync ? `${status.lastSync.kind}, finished ${when(status.lastSync.finishedAt)}, ${status.lastSync.requests} requests` : 'none this session'}`,
      'datasets:',
      ...status.datasets.map(
        (d) => `  ${d.dataset.padEnd(16)} last ok ${when(d.lastSuccessAt)}  last attempt ${when(d.lastAttemptAt)}${d.error ? `  failed: ${d.error.code}` : ''}`,
      ),
    );
  }

  const errors = [
    ...(status?.token.keychainMessage ? [status.token.keychainMessage] : []),
    ...(status?.lastSync?.failed.map((f) => `${f.dataset}: ${f.error.code}: ${f.error.message}`) ?? []),
    ...(status?.datasets.flatMap((d) => (d.error ? [`${d.dataset}: ${d.error.code}: ${d.error.message}`] : [])) ?? []),
    ...(status?.queue.reason ? [`queue: ${status.queue.reason}`] : []),
    ...(status?.backgroundError ? [`background: ${status.backgroundError.code}: ${status.backgroundError.message}`] : []),
    ...(input.lastErrors ?? []).map((e) => (typeof e === 'string' ? e : `${e.code}: ${e.message}`)),
  ];
  // Scrubbed before being cut short, so a token is never cut into a piece nothing recognises.
  const unique = [...new Set(errors)].slice(0, MAX_ERRORS).map((e) => clip(clean(e)));
  lines.push('', 'last errors:', ...(unique.length > 0 ? unique.map((e) => `  ${e}`) : ['  none']));

  return clean(lines.join('\n')) + '\n';
}
