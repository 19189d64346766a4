/** Token redaction used by every logger and error path: a `cog_` (or legacy `apk_`) token never leaves main as text. */
const TOKEN_RE = /\b(?:cog|apk(?:_user)?)_[A-Za-z0-9_\-.]+/g;
const BEARER_RE = /(Bearer\s+)[^\s"',;]+/gi;

export const REDACTED = '[REDACTED]';

export function redact(text: string): string {
  return text.replace(BEARER_RE, `$1${REDACTED}`).replace(TOKEN_RE, REDACTED);
}

/** Redacts every string inside a value (for structured log fields). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
