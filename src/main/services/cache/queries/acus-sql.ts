/**
 * ACU sums in SQL, exact: each stored value is added as whole micro-ACUs (see shared/money.ts) and the caller
 * turns the total back into ACUs once with `fromMicroAcus`. total() rather than sum(): its float accumulator is
 * exact for whole numbers below 2^53 and cannot fail with an integer overflow on a hand-edited huge value.
 */
import { MICRO_ACUS_PER_ACU } from '../../../../shared/money';

export const sumMicroAcus = (column: string): string => `total(round(${column} * ${MICRO_ACUS_PER_ACU}))`;
