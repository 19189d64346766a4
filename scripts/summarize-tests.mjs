// Sums vitest's and Playwright's JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
// A missing report counts as a failure: a runner that crashed before writing one must not look green.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0, missing = 0;

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + filesThatFailedToRun(v);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else missing++;

if (playwrightFile && existsSync(playwrightFile)) {
  const s = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else missing++;

/** Test files that failed with no failed test inside (an import or setup error) count as one failure each. */
function filesThatFailedToRun(v) {
  return (v.testResults ?? []).filter((r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}

if (missing) console.log(`${missing} test report(s) missing: a runner did not finish`);
console.log(`${passed} passed, ${failed + missing} failed, ${skipped} skipped`);
process.exit(failed + missing > 0 ? 1 : 0);
