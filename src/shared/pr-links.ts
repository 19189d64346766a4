/**
 * Which PR URLs may open in the OS browser: the rule main enforces (external-links.ts) and the renderer uses to
 * decide between a link and plain text. Parsed with the WHATWG parser, hosts compared exactly — never a
 * substring — so look-alikes (`github.com.evil.example`, `evil-github.com`, homographs) and credentials fail.
 */

/** Code hosts whose PR pages are always allowed. */
export const PR_FORGE_HOSTS: readonly string[] = ['github.com', 'gitlab.com', 'bitbucket.org', 'dev.azure.com'];

const MAX_URL_LENGTH = 2048;

/**
 * The normalised href of an allowed PR URL, or null: `https:`, no credentials, default port, host one of
 * PR_FORGE_HOSTS or of `knownHosts` (the hosts of PR URLs the API returned, e.g. a self-hosted GitLab).
 */
export function allowedPrHref(url: unknown, knownHosts: Iterable<string> = []): string | null {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
  const host = parsed.hostname;
  if (PR_FORGE_HOSTS.includes(host)) return parsed.href;
  for (const known of knownHosts) if (known === host) return parsed.href;
  return null;
}
