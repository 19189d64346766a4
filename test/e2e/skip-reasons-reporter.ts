/**
 * Playwright's list reporter shows a skipped test as a dash with no reason; this prints one line per skipped
 * test saying why, so a skip is never silent.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonsReporter implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.lines.push(`skipped: ${test.titlePath().filter(Boolean).slice(1).join(' › ')} — ${reason}`);
  }

  onEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
