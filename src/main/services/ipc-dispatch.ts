/**
 * The IPC boundary without Electron: who may call (sender check) and what a call does (dispatch).
 * The Electron wrapper (src/main/electron/ipc.ts) and the browser test harness both use these, so
 * the same validation runs whichever transport carries the call.
 */
import type { z } from 'zod';
import { isInvokeChannel } from '../../shared/ipc/channels';
import { invokeArgSchemas, type InvokeHandlers } from '../../shared/ipc/schemas';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { toAppError } from './api-errors';
import { silentLogger, type Logger } from './logger';
import { describeIssues } from './zod-issues';

export type Dispatch = (channel: string, rawArgs: unknown) => Promise<Result<unknown>>;

/**
 * Returns the one function every invoke goes through: unknown channel or arguments that fail the
 * contract schema → BAD_INPUT; a handler that throws → its AppError as a value (Electron would keep
 * only the message of a thrown error).
 */
export function createDispatcher(handlers: InvokeHandlers, log: Logger = silentLogger): Dispatch {
  return async (channel, rawArgs) => {
    if (!isInvokeChannel(channel)) {
      log.warn('invoke on an unknown channel', { channel: String(channel).slice(0, 100) });
      return fail('BAD_INPUT', `Unknown channel: ${String(channel).slice(0, 100)}`);
    }
    let parsed: z.ZodSafeParseResult<unknown>;
    try {
      parsed = invokeArgSchemas[channel].safeParse(rawArgs);
    } catch (err) {
      // A refinement that throws on input an earlier check already rejected is still bad input, not a crash.
      const message = `${channel}: args: could not be validated (${toAppError(err).message})`;
      log.warn('invalid arguments', { channel, message });
      return fail('BAD_INPUT', message);
    }
    if (!parsed.success) {
      // `args` names the argument itself; keys and messages are cut short, so a huge key cannot echo back whole.
      const message = `${channel}: ${describeIssues(parsed.error, 'args')}`;
      log.warn('invalid arguments', { channel, message });
      return fail('BAD_INPUT', message);
    }
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    try {
      return ok(await handler(parsed.data));
    } catch (err) {
      const error = toAppError(err);
      log.warn('handler failed', { channel, code: error.code, message: error.message });
      return { ok: false, error };
    }
  };
}

export interface SenderInfo {
  webContentsId: number;
  /** `event.senderFrame?.url`; null when the frame is gone. */
  frameUrl: string | null | undefined;
}

/**
 * True when the message comes from a web contents we created AND its frame shows one of our origins:
 * `app://dashboard` (the packaged renderer) or, unpackaged only, the dev server's `http://localhost:port`.
 * Compared by scheme and host (host includes the port); a `file:` page is never ours.
 */
export function isTrustedSender(sender: SenderInfo, trusted: ReadonlySet<number>, allowedOrigins: readonly string[]): boolean {
  if (!trusted.has(sender.webContentsId)) return false;
  const frame = typeof sender.frameUrl === 'string' ? URL.parse(sender.frameUrl) : null;
  if (!frame || frame.host === '') return false;
  return allowedOrigins.some((origin) => {
    const allowed = URL.parse(origin);
    return allowed !== null && allowed.host !== '' && allowed.protocol !== 'file:' && frame.protocol === allowed.protocol && frame.host === allowed.host;
  });
}
