/**
 * Zod issues as one short line, for every boundary that reports invalid input (IPC arguments, API answers, cache
 * rows, settings.json). Each path key and message is cut to a bounded length: a 10 MB key sent by a caller must
 * not come back as a 10 MB reply or log line.
 */
import type { z } from 'zod';

export const MAX_ISSUE_TEXT = 200;
const MAX_ISSUES = 5;

/** Zod issue path as `items[3].acus_consumed`; `root` names the value itself. */
export function formatIssuePath(path: readonly PropertyKey[], root = '(root)'): string {
  let out = '';
  for (const key of path) {
    const name = clipIssueText(String(key));
    out += typeof key === 'number' ? `[${key}]` : out === '' ? name : `.${name}`;
  }
  return out || root;
}

/** `path: message; path: message` for the first few issues, then how many more there were. */
export function describeIssues(error: z.ZodError, root = '(root)'): string {
  const shown = error.issues.slice(0, MAX_ISSUES).map((i) => `${formatIssuePath(i.path, root)}: ${clipIssueText(i.message)}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** A key or message cut to MAX_ISSUE_TEXT characters. */
export function clipIssueText(text: string): string {
  return text.length <= MAX_ISSUE_TEXT ? text : `${text.slice(0, MAX_ISSUE_TEXT - 1)}…`;
}
