/**
 * The simulator's sessions as columns: one typed array per field, strings interned in small tables (ids are two
 * 32-bit halves of their hex, titles, origins, tags, playbooks and states are indexes), pull requests in three
 * fixed slots per session (a session lists at most two of its own plus one shared by its parent). A million
 * sessions take about 100 MB here instead of a gigabyte of objects; an API object exists only while the page
 * that holds it is being served (`toSession`).
 */
import { CATEGORIES, SUBCATEGORIES, SUSPEND_DETAILS, TITLE_SUBJECTS, TITLE_VERBS } from './names';
import type { SimSession } from './types';

/** Index tables for the interned string fields; index 0 of a nullable field means null. */
export const STATUSES = ['new', 'claimed', 'running', 'exit', 'error', 'suspended', 'resuming'] as const;
export const STATUS_DETAILS = [
  null,
  'working',
  'waiting_for_user',
  'waiting_for_approval',
  ...new Set(SUSPEND_DETAILS),
] as const;
export const PR_STATES = [
  null,
  'open',
  'merged',
  'closed',
  'OPEN',
  'MERGED',
  'CLOSED',
  'Open',
  'Merged',
  'Closed',
] as const;
/** Every PR state's lower-case form, as an index into PR_STATES (null stays 0). */
export const PR_STATE_LOWER = PR_STATES.map((s) => PR_STATES.indexOf((s?.toLowerCase() ?? null) as never));
export const MERGED = PR_STATES.indexOf('merged');
export const PR_SLOTS = 3;
/** Bits of the `links` column. */
export const HAS_PARENT = 1;
export const HAS_CHILD = 2;

/** Interned values of a string field that only ever takes a few distinct values. */
export class Interned {
  readonly values: (string | null)[] = [null];
  readonly #index = new Map<string | null, number>([[null, 0]]);

  id(value: string | null): number {
    let id = this.#index.get(value);
    if (id === undefined) {
      id = this.values.length;
      if (id > 255) throw new RangeError('more than 255 distinct values in an interned field');
      this.values.push(value);
      this.#index.set(value, id);
    }
    return id;
  }

  /** The value's index, −1 when it was never interned. */
  find(value: string | null): number {
    return this.#index.get(value) ?? -1;
  }
}

const COLUMNS = {
  created: [Float64Array, 1],
  updated: [Float64Array, 1],
  acus: [Float64Array, 1],
  hexHi: [Uint32Array, 1],
  hexLo: [Uint32Array, 1],
  /** Indexes into the world's original org / user / service-user lists (−1: none). */
  org: [Int32Array, 1],
  user: [Int32Array, 1],
  serviceUser: [Int32Array, 1],
  /** verb × TITLE_SUBJECTS.length + subject. */
  title: [Uint16Array, 1],
  status: [Uint8Array, 1],
  detail: [Uint8Array, 1],
  origin: [Uint8Array, 1],
  category: [Uint8Array, 1],
  subcategory: [Uint8Array, 1],
  playbook: [Uint8Array, 1],
  archived: [Uint8Array, 1],
  /** Up to three tag indexes, four bits each, and their count in bits 12–13. */
  tags: [Uint16Array, 1],
  prCount: [Uint8Array, 1],
  /** PR url: its (host, repository) pair as host × REPOS.length + repo, and its number there (outcomes.ts). */
  prSite: [Uint8Array, PR_SLOTS],
  prNumber: [Uint32Array, PR_SLOTS],
  prState: [Uint8Array, PR_SLOTS],
  /** Parent / child session ids (hex halves); a link survives the removal of the session it names, as a string would. */
  parentHi: [Uint32Array, 1],
  parentLo: [Uint32Array, 1],
  childHi: [Uint32Array, 1],
  childLo: [Uint32Array, 1],
  /** bit 0: has a parent, bit 1: has a child. */
  links: [Uint8Array, 1],
} as const;

type Columns = { [K in keyof typeof COLUMNS]: InstanceType<(typeof COLUMNS)[K][0]> };

/** How the store turns its indexes back into strings: the world's lists and the outcome tables. */
export interface StoreNames {
  orgIds: readonly string[];
  userIds: readonly string[];
  serviceUserIds: readonly string[];
  origins: Interned;
  tags: readonly string[];
  playbooks: Interned;
  prUrl: (site: number, number: number) => string;
}

export class SessionStore {
  length = 0;
  c: Columns;
  /** Bumped by every change, so derived indexes know when to rebuild. */
  version = 0;
  #byId: BigUint64Array | null = null;
  #byIdVersion = -1;

  constructor(
    capacity: number,
    readonly names: StoreNames,
  ) {
    this.c = allocate(Math.max(16, capacity));
  }

  /** Room for one more row; returns its index. Its fields are 0 (null / none where that means so). */
  append(): number {
    if (this.length === this.c.created.length) this.#resize(Math.ceil(this.length * 1.25) + 16);
    const i = this.length++;
    this.c.user[i] = -1;
    this.c.serviceUser[i] = -1;
    this.version++;
    return i;
  }

  /** Sorts rows [from, length) ascending by (created_at, session_id). */
  sortTail(from: number): void {
    const { created, hexHi, hexLo } = this.c;
    const compare = (a: number, b: number) =>
      created[a]! - created[b]! || hexHi[a]! - hexHi[b]! || hexLo[a]! - hexLo[b]!;
    const n = this.length - from;
    let min = Infinity;
    let max = -Infinity;
    let whole = true;
    for (let i = from; i < this.length; i++) {
      min = Math.min(min, created[i]!);
      max = Math.max(max, created[i]!);
      whole &&= Number.isInteger(created[i]);
    }
    const order = new Uint32Array(n);
    if (whole && n < 2 ** 21 && max - min < 2 ** 31) {
      // A native numeric sort of (created_at − min) × 2^21 + row is several times faster than a comparator;
      // then each run of equal created_at is put in session_id order.
      const keys = new Float64Array(n);
      for (let k = 0; k < n; k++) keys[k] = (created[from + k]! - min) * 2 ** 21 + k;
      keys.sort();
      for (let k = 0; k < n; k++) order[k] = from + (keys[k]! % 2 ** 21);
      for (let a = 0, b = 1; a < n; a = b++) {
        while (b < n && created[order[b]!] === created[order[a]!]) b++;
        if (b - a > 1) order.subarray(a, b).sort(compare);
      }
    } else {
      for (let k = 0; k < n; k++) order[k] = from + k;
      order.sort(compare);
    }
    this.#permute(from, order);
  }

  /** Keeps the rows for which `keep` holds, in order; returns the ids of the rows removed. */
  compact(keep: (i: number) => boolean): string[] {
    const removed: string[] = [];
    const order: number[] = [];
    for (let i = 0; i < this.length; i++) {
      if (keep(i)) order.push(i);
      else removed.push(this.sessionId(i));
    }
    if (removed.length > 0) {
      this.#permute(0, Uint32Array.from(order));
      // Rows past the end must read as new ones (all zero) when `append` hands them out again.
      for (const name of Object.keys(COLUMNS) as (keyof Columns)[]) {
        const width = COLUMNS[name][1];
        (this.c[name] as Uint8Array).fill(0, order.length * width, this.length * width);
      }
      this.length = order.length;
    }
    return removed;
  }

  /** Marks an in-place edit of some rows, so derived indexes rebuild. */
  touch(): void {
    this.version++;
  }

  /** Row `child` becomes the child of row `parent`. */
  link(parent: number, child: number): void {
    const c = this.c;
    c.links[child] = c.links[child]! | HAS_PARENT;
    c.parentHi[child] = c.hexHi[parent]!;
    c.parentLo[child] = c.hexLo[parent]!;
    c.links[parent] = c.links[parent]! | HAS_CHILD;
    c.childHi[parent] = c.hexHi[child]!;
    c.childLo[parent] = c.hexLo[child]!;
  }

  sessionId(i: number): string {
    return `devin-${hex(this.c.hexHi[i]!, this.c.hexLo[i]!)}`;
  }

  /** Index of the session with this id, or −1. */
  find(sessionId: string): number {
    const m = /^devin-([0-9a-f]{8})([0-9a-f]{8})$/.exec(sessionId);
    if (!m) return -1;
    const hi = parseInt(m[1]!, 16);
    const lo = parseInt(m[2]!, 16);
    const byId = this.#idIndex();
    const key = BigInt(hi) << 32n;
    let a = 0;
    let b = byId.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (byId[mid]! < key) a = mid + 1;
      else b = mid;
    }
    for (; a < byId.length && byId[a]! >> 32n === BigInt(hi); a++) {
      const i = Number(byId[a]! & 0xffffffffn);
      if (this.c.hexLo[i] === lo) return i;
    }
    return -1;
  }

  /** Lower-case state index of PR slot k (see PR_STATE_LOWER). */
  prStateLower(i: number, k: number): number {
    return PR_STATE_LOWER[this.c.prState[i * PR_SLOTS + k]!]!;
  }

  hasMergedPr(i: number): boolean {
    for (let k = 0; k < this.c.prCount[i]!; k++) if (this.prStateLower(i, k) === MERGED) return true;
    return false;
  }

  /** The API object, fields in the order the live API (and the object-per-session simulator) sends them. */
  toSession(i: number): SimSession {
    const { c, names } = this;
    const id = hex(c.hexHi[i]!, c.hexLo[i]!);
    const title = c.title[i]!;
    const subjects = TITLE_SUBJECTS.length;
    const pull_requests: SimSession['pull_requests'] = [];
    for (let k = 0; k < c.prCount[i]!; k++) {
      pull_requests.push({
        pr_url: names.prUrl(c.prSite[i * PR_SLOTS + k]!, c.prNumber[i * PR_SLOTS + k]!),
        pr_state: PR_STATES[c.prState[i * PR_SLOTS + k]!]!,
      });
    }
    const packedTags = c.tags[i]!;
    const tags: string[] = [];
    for (let k = 0; k < packedTags >> 12; k++) tags.push(names.tags[(packedTags >> (4 * k)) & 15]!);
    const user = c.user[i]!;
    const serviceUser = c.serviceUser[i]!;
    const links = c.links[i]!;
    return {
      session_id: `devin-${id}`,
      url: `https://app.devin.ai/sessions/${id}`,
      org_id: names.orgIds[c.org[i]!]!,
      user_id: user < 0 ? null : names.userIds[user]!,
      service_user_id: serviceUser < 0 ? null : names.serviceUserIds[serviceUser]!,
      title: `${TITLE_VERBS[Math.floor(title / subjects)]} ${TITLE_SUBJECTS[title % subjects]}`,
      status: STATUSES[c.status[i]!]!,
      status_detail: STATUS_DETAILS[c.detail[i]!]!,
      acus_consumed: c.acus[i]!,
      created_at: c.created[i]!,
      updated_at: c.updated[i]!,
      pull_requests,
      tags,
      origin: names.origins.values[c.origin[i]!]!,
      category: CATEGORIES[c.category[i]!]![0],
      subcategory: SUBCATEGORIES[c.subcategory[i]!]!,
      playbook_id: names.playbooks.values[c.playbook[i]!]!,
      parent_session_id: links & HAS_PARENT ? `devin-${hex(c.parentHi[i]!, c.parentLo[i]!)}` : null,
      child_session_ids: links & HAS_CHILD ? [`devin-${hex(c.childHi[i]!, c.childLo[i]!)}`] : [],
      is_archived: c.archived[i] === 1,
      structured_output: null,
    };
  }

  /** Sorted (hexHi << 32 | index) keys, rebuilt after a change; only id look-ups need it. */
  #idIndex(): BigUint64Array {
    if (this.#byId && this.#byIdVersion === this.version) return this.#byId;
    const keys = new BigUint64Array(this.length);
    for (let i = 0; i < this.length; i++) keys[i] = (BigInt(this.c.hexHi[i]!) << 32n) | BigInt(i);
    keys.sort();
    this.#byIdVersion = this.version;
    return (this.#byId = keys);
  }

  #resize(capacity: number): void {
    const next = allocate(capacity);
    for (const name of Object.keys(COLUMNS) as (keyof Columns)[]) {
      const width = COLUMNS[name][1];
      (next[name] as Uint8Array).set((this.c[name] as Uint8Array).subarray(0, this.length * width));
    }
    this.c = next;
  }

  /** Row from + k becomes the row that was at order[k] (every order[k] ≥ from). */
  #permute(from: number, order: Uint32Array): void {
    for (const name of Object.keys(COLUMNS) as (keyof Columns)[]) {
      const col = this.c[name];
      const rowBytes = col.BYTES_PER_ELEMENT * COLUMNS[name][1];
      // Rows move as raw 32-bit words or bytes: two monomorphic loops instead of one per column type.
      const { buffer, byteOffset, byteLength } = col;
      if (rowBytes % 4 === 0) {
        const words = new Int32Array(buffer, byteOffset, byteLength / 4);
        // Columns filled in later (outcomes, links) are still all zero when generation sorts: nothing to move.
        if (isZero(words, (from * rowBytes) / 4, (this.length * rowBytes) / 4)) continue;
        permuteRows(words, rowBytes / 4, from, this.length, order);
      } else {
        const bytes = new Uint8Array(buffer, byteOffset, byteLength);
        if (isZero(bytes, from * rowBytes, this.length * rowBytes)) continue;
        permuteRows8(bytes, rowBytes, from, this.length, order);
      }
    }
    this.version++;
  }
}

function isZero(values: Int32Array | Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (values[i] !== 0) return false;
  return true;
}

function permuteRows(words: Int32Array, width: number, from: number, length: number, order: Uint32Array): void {
  const copy = words.slice(from * width, length * width);
  for (let k = 0; k < order.length; k++) {
    const src = (order[k]! - from) * width;
    const dst = (from + k) * width;
    for (let w = 0; w < width; w++) words[dst + w] = copy[src + w]!;
  }
}

function permuteRows8(bytes: Uint8Array, width: number, from: number, length: number, order: Uint32Array): void {
  const copy = bytes.slice(from * width, length * width);
  for (let k = 0; k < order.length; k++) {
    const src = (order[k]! - from) * width;
    const dst = (from + k) * width;
    for (let w = 0; w < width; w++) bytes[dst + w] = copy[src + w]!;
  }
}

function allocate(capacity: number): Columns {
  const out = {} as Record<string, unknown>;
  for (const [name, [Type, width]] of Object.entries(COLUMNS)) out[name] = new Type(capacity * width);
  return out as Columns;
}

const hex = (hi: number, lo: number): string =>
  hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
