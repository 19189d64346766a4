/**
 * When the window's renderer process dies, main reloads the page once with `?recovered=1`
 * (src/main/services/renderer-recovery.ts) and the renderer says so in a banner.
 */
export const RECOVERED_PARAM = 'recovered';

export const wasRecovered = (search: string): boolean => new URLSearchParams(search).has(RECOVERED_PARAM);
