/**
 * Electron's side of the IPC contract: registers every invoke channel with `ipcMain.handle`, refuses
 * callers that are not our own page in a window we created, and sends main → renderer events.
 * Validation and error mapping happen in the Electron-free dispatcher (services/ipc-dispatch.ts).
 */
import { ipcMain, type WebContents } from 'electron';
import { invokeMethods, type EventChannel, type EventPayloads } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/result';
import { isTrustedSender, type Dispatch } from '../services/ipc-dispatch';
import type { Logger } from '../services/logger';

/** The web contents we created; each leaves the set when it is destroyed. */
export interface TrustedSenders {
  add(contents: WebContents): void;
  ids(): ReadonlySet<number>;
  all(): WebContents[];
}

export function createTrustedSenders(): TrustedSenders {
  const byId = new Map<number, WebContents>();
  const ids = new Set<number>();
  return {
    add(contents) {
      const id = contents.id;
      byId.set(id, contents);
      ids.add(id);
      contents.once('destroyed', () => {
        byId.delete(id);
        ids.delete(id);
      });
    },
    ids: () => ids,
    all: () => [...byId.values()],
  };
}

export function registerIpcHandlers(opts: {
  dispatch: Dispatch;
  trusted: TrustedSenders;
  /** Our page origins: app://dashboard, or the dev server's (see isTrustedSender). */
  allowedOrigins: readonly string[];
  log: Logger;
}): () => void {
  const channels = Object.keys(invokeMethods);
  for (const channel of channels) {
    // Only the first argument is read: the contract gives every channel at most one.
    ipcMain.handle(channel, (event, args: unknown) => {
      const frameUrl = event.senderFrame?.url;
      if (!isTrustedSender({ webContentsId: event.sender.id, frameUrl }, opts.trusted.ids(), opts.allowedOrigins)) {
        opts.log.warn('refused IPC from an untrusted sender', { channel, webContentsId: event.sender.id, frameUrl: frameUrl?.slice(0, 200) });
        return fail('FORBIDDEN_SENDER', `${channel}: this caller is not the dashboard window`);
      }
      return opts.dispatch(channel, args);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

export type EventSender = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/** The one typed main → renderer send: to every trusted web contents still alive. */
export function createEventSender(trusted: TrustedSenders): EventSender {
  return (event, payload) => {
    for (const contents of trusted.all()) {
      if (!contents.isDestroyed()) contents.send(event, payload);
    }
  };
}
