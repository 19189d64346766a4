import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, formatIssuePath, MAX_ISSUE_TEXT } from '../../../src/main/services/zod-issues';

describe('formatIssuePath', () => {
  it('renders indices in brackets and keys with dots', () => {
    expect(formatIssuePath(['items', 3, 'acus_consumed'])).toBe('items[3].acus_consumed');
    expect(formatIssuePath([0, 'active_users'])).toBe('[0].active_users');
    expect(formatIssuePath(['consumption_by_date', 1, 'acus_by_product', 'devin'])).toBe(
      'consumption_by_date[1].acus_by_product.devin',
    );
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath([], 'args')).toBe('args');
  });

  it('cuts each key to the limit', () => {
    const path = formatIssuePath(['a'.repeat(5000), 'b'.repeat(5000)]);
    expect(path.split('.').map((k) => k.length)).toEqual([MAX_ISSUE_TEXT, MAX_ISSUE_TEXT]);
    expect(path).toMatch(/^a+….b+…$/);
  });
});

describe('describeIssues', () => {
  it('names a few issues, cuts long messages and counts the rest', () => {
    const schema = z.object({ n: z.number() }).strict();
    const keys = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`${'x'.repeat(1000)}${i}`, 1]));
    const text = describeIssues(schema.safeParse({ n: 'no', ...keys }).error!, 'args');
    expect(text).toMatch(/^n: Invalid input: expected number, received string; args: Unrecognized keys/);
    expect(text.length).toBeLessThan(2 * (MAX_ISSUE_TEXT + 10));
    const many = z.array(z.number()).safeParse(Array.from({ length: 12 }, () => 'x')).error!;
    expect(describeIssues(many)).toMatch(/^\[0\]: .*; and 7 more$/);
  });
});
