/**
 * Which URLs the app hands to the OS browser. Anything the renderer (or a page it was tricked into
 * loading) asks to open goes through here: parsed with the WHATWG parser, never matched as a substring.
 */
import { allowedPrHref } from '../../shared/pr-links';

const MAX_URL_LENGTH = 2048;
const DEVIN_WEB_APP = 'app.devin.ai';
const ENTERPRISE_SUFFIX = '.devinenterprise.com';

/**
 * The web app hosts of a dedicated deployment named by DEVIN_API_BASE_URL (`https://api.acme.example`
 * → `app.acme.example` and `acme.example`). Only `https:` base URLs count: a loopback simulator
 * (`http://127.0.0.1:…`) adds nothing.
 */
export function tenantWebHosts(apiBaseUrl: string | undefined): string[] {
  if (!apiBaseUrl || !URL.canParse(apiBaseUrl)) return [];
  const { protocol, hostname } = new URL(apiBaseUrl);
  if (protocol !== 'https:') return [];
  if (!hostname.startsWith('api.')) return [hostname];
  const rest = hostname.slice('api.'.length);
  // `api.com` must not allow all of `com`.
  return rest.includes('.') ? [`app.${rest}`, rest] : [];
}

/** Parsed `https:` URL, no credentials, default port, host `app.devin.ai`, `*.devinenterprise.com` or the tenant's web app. */
export function isAllowedExternalUrl(url: unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  const host = parsed.hostname;
  return (
    host === DEVIN_WEB_APP ||
    (host.endsWith(ENTERPRISE_SUFFIX) && host.length > ENTERPRISE_SUFFIX.length) ||
    tenantWebHosts(env.DEVIN_API_BASE_URL).includes(host)
  );
}

/**
 * A PR link from the sessions table or the outcomes panel: the forges every tenant uses, plus the hosts of PR
 * URLs the API itself returned (`prHosts`, from the cache) — see shared/pr-links.ts.
 */
export function isAllowedPrUrl(url: unknown, prHosts: Iterable<string>): boolean {
  return allowedPrHref(url, prHosts) !== null;
}

/**
 * Opens `url` with `open` (Electron's `shell.openExternal`) only when it is allowed; returns whether it did.
 * The normalised `href` is what gets opened, so the OS sees exactly the URL that was checked.
 */
export async function openExternalSafely(
  url: unknown,
  open: (url: string) => Promise<void>,
  env: NodeJS.ProcessEnv = process.env,
  prHosts: Iterable<string> = [],
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, env) && !isAllowedPrUrl(url, prHosts)) return false;
  await open(new URL(url as string).href);
  return true;
}
