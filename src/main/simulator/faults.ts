/** Injected faults: each hits the next `times` requests whose pathname starts with its `path`. */
import type { FaultSpec } from './types';

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultPlan {
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times === undefined ? 1 : spec.times === -1 ? Infinity : spec.times;
    if (!(times > 0)) throw new RangeError('fault `times` must be positive, Infinity or -1');
    if (!spec.path.startsWith('/')) throw new RangeError('fault `path` must start with /');
    this.#faults.push({ spec, remaining: times });
  }

  clear(): void {
    this.#faults = [];
  }

  /** The first fault matching the pathname (oldest first), used up by one. */
  take(pathname: string): FaultSpec | null {
    const fault = this.#faults.find((f) => pathname.startsWith(f.spec.path));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fault.spec;
  }
}

/**
 * Schema drift: the first item (or the body itself) loses its shape: its first numeric field becomes a
 * string, or, without one, its first field disappears; an empty list becomes null.
 */
export function driftBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.length === 0 ? {} : [driftObject(body[0]), ...body.slice(1)];
  if (isRecord(body)) {
    if (Array.isArray(body.items)) {
      const [first, ...rest] = body.items as unknown[];
      return { ...body, items: first === undefined ? null : [driftObject(first), ...rest] };
    }
    return driftObject(body);
  }
  return body;
}

function driftObject(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const copy = { ...value };
  const numeric = Object.keys(copy).find((k) => typeof copy[k] === 'number');
  if (numeric !== undefined) copy[numeric] = String(copy[numeric]);
  else delete copy[Object.keys(copy)[0] ?? ''];
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
