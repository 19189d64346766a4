/**
 * The entry: the little code that runs before the first screen's data is asked for. main's queries then run
 * while the window loads and evaluates React and the panels (./root), so neither waits for the other.
 */
import { MARKS } from './lib/perf-marks';
import { loadInitialData } from './stores/initial-data';
// Linked from index.html, so it loads beside the scripts.
import './styles.css';

performance.mark(MARKS.entry);
// Without the preload bridge nothing can load; ./root says so instead of showing an empty window.
const bridged = typeof window.api === 'object' && window.api !== null;
const firstAnswer = bridged ? loadInitialData() : Promise.resolve();
void import('./root').then(({ renderRoot }) =>
  renderRoot(bridged, firstAnswer, () => performance.mark(MARKS.appEvaluated)),
);
