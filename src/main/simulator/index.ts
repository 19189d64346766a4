/** The Devin v3 API simulator: tests, benchmarks, the CLI and the app's demo mode talk to it over real HTTP. */
export {
  startSimulator,
  DEFAULT_SIMULATOR_TOKEN,
  DEMO_PRESET,
  LARGE_ENTERPRISE_PRESET,
  XL_ENTERPRISE_PRESET,
  type Simulator,
} from './server';
export { ALL_PERMISSIONS } from './routes';
export type * from './types';

import { DEMO_PRESET, startSimulator } from './server';
/** Demo mode's API (the app core takes it as `startDemoApi`): the demo preset, with data relative to `now`. */
export const startDemoApi = (now: number) => startSimulator({ ...DEMO_PRESET, now });
