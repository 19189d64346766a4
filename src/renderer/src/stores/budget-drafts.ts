/**
 * Budgets being edited in the limits table, by scope (`scope:id`). Kept outside the rows: the table renders only
 * the rows in view, so a row being edited may unmount while the table scrolls and must find its draft again.
 */
import { create } from 'zustand';
import type { Budget } from '../../../shared/dashboard';

export interface BudgetDraft {
  amount: string;
  unit: Budget['unit'];
  /** Why the amount was refused; null until a save is tried. */
  problem: string | null;
  /** Focus the amount when the form next mounts: only when editing starts, not when a row scrolls back. */
  focus: boolean;
}

interface BudgetDraftsState {
  drafts: Record<string, BudgetDraft>;
  /** Starts, changes (a partial draft) or, with null, ends the edit of `key`. */
  edit(key: string, draft: Partial<BudgetDraft> | null): void;
  /** Drops every draft (another account is now on screen). */
  clear(): void;
}

export const budgetDraftKey = (scope: Budget['scope'], id: string | null): string => `${scope}:${id ?? ''}`;

export const useBudgetDrafts = create<BudgetDraftsState>()((set) => ({
  drafts: {},
  edit: (key, draft) =>
    set((s) => {
      const { [key]: current, ...rest } = s.drafts;
      if (draft === null) return { drafts: rest };
      const base: BudgetDraft = current ?? { amount: '', unit: 'usd', problem: null, focus: false };
      return { drafts: { ...rest, [key]: { ...base, ...draft } } };
    }),
  clear: () => set({ drafts: {} }),
}));
