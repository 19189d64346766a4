/** Budgets and alert thresholds in the Settings form, and the schema main validates them with. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsPatchSchema } from '../../../../src/shared/dashboard';
import { draftFrom, parseBudgetAmount, patchFromDraft, withBudget } from '../../../../src/renderer/src/features/settings/settings-form';

const current = { ...DEFAULT_SETTINGS, budgets: [{ scope: 'org' as const, id: 'org-a', amount: 100, unit: 'acus' as const }] };

describe('budgets in the Settings form', () => {
  it('sets the enterprise budget beside the org budgets, and sorts thresholds', () => {
    const r = patchFromDraft({ ...draftFrom(current), enterpriseBudget: '12,500', enterpriseBudgetUnit: 'usd', alertThresholds: '90 50, 75' }, current);
    expect(r).toEqual({
      ok: true,
      patch: {
        budgets: [...current.budgets, { scope: 'enterprise', id: null, amount: 12500, unit: 'usd' }],
        alertThresholds: [50, 75, 90],
      },
    });
  });

  it('refuses negative, non-numeric and absurd amounts and bad thresholds, saving nothing', () => {
    for (const bad of ['-5', 'abc', 'NaN', '1e3', '0', '2000000000']) {
      const r = patchFromDraft({ ...draftFrom(current), enterpriseBudget: bad }, current);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.errors.enterpriseBudget).toMatch(/above 0/);
    }
    for (const bad of ['', '0', '50, x', '1001']) {
      const r = patchFromDraft({ ...draftFrom(current), alertThresholds: bad }, current);
      expect(r.ok, bad).toBe(false);
    }
    expect(parseBudgetAmount(' 1,000.5 ')).toBe(1000.5);
  });

  it('edits, adds and removes organization budgets; a bad one is named and nothing is saved', () => {
    const draft = draftFrom(current);
    expect(draft.orgBudgets).toEqual([{ id: 'org-a', amount: '100', unit: 'acus' }]);
    const edited = patchFromDraft({ ...draft, orgBudgets: [{ id: 'org-a', amount: '', unit: 'acus' }, { id: 'org-b', amount: '75', unit: 'usd' }] }, current);
    expect(edited).toEqual({ ok: true, patch: { budgets: [{ scope: 'org', id: 'org-b', amount: 75, unit: 'usd' }] } });
    const bad = patchFromDraft({ ...draft, orgBudgets: [{ id: 'org-b', amount: '-1', unit: 'usd' }] }, current);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.orgBudgets).toMatch(/^org-b: Enter an amount above 0/);
  });

  it('removes a budget with an empty field', () => {
    expect(withBudget(current.budgets, 'org', 'org-a', null, 'usd')).toEqual([]);
  });
});

describe('budget schema (main’s check of settings:update)', () => {
  const issue = (amount: unknown) => {
    const r = settingsPatchSchema.safeParse({ budgets: [{ scope: 'org', id: 'org-a', amount, unit: 'usd' }] });
    return r.success ? null : r.error.issues[0]?.message;
  };
  it('names what is wrong with an amount', () => {
    expect(issue(-5)).toBe('must be more than 0');
    expect(issue(Number.NaN)).toBe('must be a finite number');
    expect(issue('12')).toBe('must be a finite number');
    expect(issue(Number.POSITIVE_INFINITY)).toBe('must be a finite number');
    expect(issue(5e9)).toBe('must be at most 1,000,000,000');
    expect(issue(250)).toBeNull();
  });

  it('wants one budget per scope and an id only for organizations', () => {
    expect(settingsPatchSchema.safeParse({ budgets: [{ scope: 'enterprise', id: 'org-a', amount: 1, unit: 'usd' }] }).success).toBe(false);
    const twice = { scope: 'org', id: 'org-a', amount: 1, unit: 'usd' };
    expect(settingsPatchSchema.safeParse({ budgets: [twice, twice] }).success).toBe(false);
  });
});
