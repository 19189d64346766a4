/**
 * Scoped logger. Every line passes through `redact`, so a token that slipped into a message or a field
 * is printed as [REDACTED]; an Error in a field keeps its name, message and stack. Lines go to stderr
 * (and, where the entry point adds it, the log file of log-file.ts) as `time level [scope] message {fields}`.
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

export const stderrSink: LogSink = (line) => process.stderr.write(line + '\n');

/** One sink writing every line to each of `sinks` (stderr and the log file). */
export const teeSink =
  (...sinks: LogSink[]): LogSink =>
  (line) => {
    for (const sink of sinks) sink(line);
  };

export function createLogger(scope: string, sink: LogSink = stderrSink, level: LogLevel = envLevel()): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields ? ' ' + JSON.stringify(redactDeep(fields)) : '';
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

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
