import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../../src/main/cli/args';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommand(argv, env, NOW);

describe('CLI arguments', () => {
  it('defaults to the last 30 billing days', () => {
    expect(parse(['sync'])).toEqual({ name: 'sync', from: '2026-10-27', to: '2026-11-25', full: false, demo: false, profile: null });
  });

  it('parses a full report command', () => {
    expect(
      parse(['report', '--from', '2026-11-01', '--to', '2026-11-07', '--org', 'org-abc', '--rate', '2.25', '--format', 'csv', '--profile', ' Work ']),
    ).toEqual({
      name: 'report', from: '2026-11-01', to: '2026-11-07', orgId: 'org-abc', rate: 2.25, format: 'csv', demo: false, profile: 'Work',
    });
  });

  it('takes the rate from DEVIN_ACU_RATE_USD when no --rate is given', () => {
    expect(parse(['report'], { DEVIN_ACU_RATE_USD: '1.5' })).toMatchObject({ rate: 1.5 });
  });

  it.each([
    [['sync', '--bogus'], /bogus/],
    [['sync', '--from', '2026-02-30'], /--from "2026-02-30" is not a date/],
    [['report', '--from', '2026-11-10', '--to', '2026-11-01'], /after --to/],
    [['report', '--rate=-2'], /--rate "-2" must be a non-negative/],
    [['report', '--rate', 'cheap'], /--rate "cheap" must be a non-negative/],
    [['report', '--format', 'xml'], /json or csv/],
    [['report', '--org', 'bad org'], /not an organization id/],
    [['status', '--from', '2026-11-01'], /does not apply to "status"/],
    [['status', '--profile', ''], /--profile "": a profile needs a name/],
    [['report', '--profile', 'x'.repeat(65)], /at most 64 characters/],
    [['sync', '--demo', '--profile', 'work'], /--profile does not apply with --demo/],
    [['explode'], /Unknown command/],
    [['sync', '--from', '2024-01-01', '--to', '2026-01-01'], /more than 366 days/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });
});
