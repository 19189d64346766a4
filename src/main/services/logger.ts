/**
 * Scoped logger. Every line passes through `redact`, so a token that slipped into a message or a field
 * is printed as [REDACTED]. Lines go to stderr as `time level [scope] message {fields}`.
 */
import { redact, redactDeep } from '../../shared/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  (line: string): void;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const envLevel = (): LogLevel => {
  const v = process.env.DEVIN_USAGE_LOG_LEVEL;
  return v === 'debug' || v === 'info' || v === 'warn' || v === 'error' ? v : 'info';
};

export function createLogger(scope: string, sink: LogSink = (l) => process.stderr.write(l + '\n'), level: LogLevel = envLevel()): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields ? ' ' + JSON.stringify(redactDeep(fields), errorReplacer) : '';
    sink(`${new Date().toISOString()} ${at} [${scope}] ${redact(message)}${extra}`);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (sub) => createLogger(`${scope}:${sub}`, sink, level),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: redact(value.message) } : value;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
