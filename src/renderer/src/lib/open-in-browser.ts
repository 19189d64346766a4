/**
 * The renderer's one way to open a link: it asks main (`external:open`), which opens only URLs on its allow-list
 * in the OS browser. The page itself never navigates or opens windows.
 */
import { api, call } from '../api';

export function openInBrowser(url: string): void {
  void call(() => api().openExternal({ url }));
}
