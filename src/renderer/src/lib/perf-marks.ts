/**
 * Names of the `performance` marks the window sets on its way to the first screen (cheap, always on, never
 * logged). `npm run bench` reads them from the page to break the paint time down.
 */
export const MARKS = {
  /** The entry module runs: the HTML and the first (small) script are loaded and evaluated. */
  entry: 'dashboard:entry',
  /** The rest of the first screen's code (React, the panels) is loaded and evaluated. */
  appEvaluated: 'dashboard:app-evaluated',
  initialDataSent: 'dashboard:initial-data-sent',
  initialDataAnswered: 'dashboard:initial-data-answered',
} as const;
