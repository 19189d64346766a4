/**
 * The CSP forbids eval. zod probes `new Function` when it builds object schemas (for its JIT) unless told
 * not to, and the probe shows up as a CSP violation. main.tsx imports this module first, so the setting
 * is in place before src/shared builds its schemas.
 */
import { config } from 'zod';

config({ jitless: true });
