import { describe, expect, it } from 'vitest';
import { createLogger, teeSink } from '../../../src/main/services/logger';

const TOKEN = 'cog_logger_secret_abcdefghijklmnop';

describe('createLogger', () => {
  it('writes an Error field as its name, message and redacted stack, not {}', () => {
    const lines: string[] = [];
    const log = createLogger('main', (l) => lines.push(l), 'debug');
    const cause = new Error(`socket closed for Bearer ${TOKEN}`);
    log.error('startup failed', { error: new TypeError(`could not start with ${TOKEN}`, { cause }) });
    expect(lines).toHaveLength(1);
    const fields = JSON.parse(lines[0]!.slice(lines[0]!.indexOf('{'))) as {
      error: { name: string; message: string; stack: string; cause: { message: string } };
    };
    expect(fields.error.name).toBe('TypeError');
    expect(fields.error.message).toBe('could not start with [REDACTED]');
    expect(fields.error.stack).toMatch(/^TypeError: could not start with \[REDACTED\]\n\s+at /);
    expect(fields.error.cause.message).toBe('socket closed for Bearer [REDACTED]');
    expect(lines[0]).not.toContain(TOKEN);
  });

  it('sends every line to each sink of a tee', () => {
    const a: string[] = [];
    const b: string[] = [];
    createLogger('x', teeSink((l) => a.push(l), (l) => b.push(l)), 'info').info('hello');
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });
});
