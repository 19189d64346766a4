/**
 * Named accounts in `profiles.json` (0600): a name, an API base URL and the identity last verified for the
 * profile's token. The token itself is in the keychain under the profile's own entry (`keychainAccountFor`).
 *
 * First start after the upgrade: the single cache of earlier releases moves into a profile named "default",
 * kept as the cache of a not-yet-verified identity until /v3/self says whose it is.
 */
import { existsSync, renameSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { apiBaseUrlSchema, profileIdSchema, profileNameSchema } from '../../../shared/dashboard';
import { ensurePrivateDir } from '../data-dir';
import { normalizeBaseUrl } from '../devin-client';
import { readJsonFile, writeJsonFile } from '../json-file';
import { silentLogger, type Logger } from '../logger';
import { accountCacheFile, LEGACY_IDENTITY_KEY, legacyCacheFile, SQLITE_SUFFIXES } from './paths';

export const DEFAULT_PROFILE_ID = 'default';
export const DEFAULT_PROFILE_NAME = 'default';

/**
 * The keychain entry of a profile's token. "default" keeps the entry of releases before profiles, so its token
 * needs no migration; other profiles get `<base>:<id>`.
 */
export const keychainAccountFor = (base: string, profileId: string) =>
  profileId === DEFAULT_PROFILE_ID ? base : `${base}:${profileId}`;

const recordSchema = z.object({
  id: profileIdSchema,
  name: profileNameSchema,
  apiBaseUrl: apiBaseUrlSchema,
  identityKey: z.string().regex(/^[\w-]{1,64}$/).nullable(),
});
export type ProfileRecord = z.infer<typeof recordSchema>;

const fileSchema = z
  .object({ version: z.literal(1), activeId: profileIdSchema, profiles: z.array(recordSchema).min(1) })
  .refine((f) => f.profiles.some((p) => p.id === f.activeId), 'activeId names no profile');
type ProfilesFile = z.infer<typeof fileSchema>;

/** A profile name or id the user gave that cannot be used; the message says why. */
export class ProfileInputError extends Error {
  readonly code = 'BAD_INPUT';
  override name = 'ProfileInputError';
}

export interface ProfileStore {
  list(): readonly ProfileRecord[];
  active(): ProfileRecord;
  get(id: string): ProfileRecord;
  /** By name, case-insensitively (the CLI's `--profile NAME`). */
  byName(name: string): ProfileRecord | null;
  add(input: { name: string; apiBaseUrl: string }): ProfileRecord;
  rename(id: string, name: string): ProfileRecord;
  update(id: string, patch: { apiBaseUrl?: string; identityKey?: string | null }): ProfileRecord;
  /** Removes the record (the caller deletes its token and files); the last profile is replaced by a fresh "default". */
  remove(id: string): ProfileRecord;
  setActive(id: string): ProfileRecord;
  /** Set when profiles.json could not be read and the defaults are in use. */
  readonly problem: string | null;
}

export function createProfileStore(opts: { dataDir: string; defaultApiBaseUrl: string; log?: Logger }): ProfileStore {
  const log = opts.log ?? silentLogger;
  const file = join(opts.dataDir, 'profiles.json');
  const read = readJsonFile(file, fileSchema);
  const problem = read.ok ? null : `profiles.json ignored: ${read.problem}`;
  if (problem) log.warn(problem);
  let data: ProfilesFile = (read.ok && read.value) || firstStart();

  function firstStart(): ProfilesFile {
    const fresh: ProfilesFile = {
      version: 1,
      activeId: DEFAULT_PROFILE_ID,
      profiles: [{ id: DEFAULT_PROFILE_ID, name: DEFAULT_PROFILE_NAME, apiBaseUrl: opts.defaultApiBaseUrl, identityKey: adoptLegacyCache() }],
    };
    // A file that failed to parse is left for the user to inspect; a missing one is created now.
    if (read.ok) writeJsonFile(file, fresh);
    return fresh;
  }

  /** Moves a pre-profiles `cache.sqlite` (and its WAL) into the default profile's account folder. */
  function adoptLegacyCache(): string | null {
    const legacy = legacyCacheFile(opts.dataDir);
    if (!existsSync(legacy)) return null;
    const target = accountCacheFile(opts.dataDir, LEGACY_IDENTITY_KEY);
    ensurePrivateDir(dirname(target));
    for (const suffix of SQLITE_SUFFIXES) if (existsSync(legacy + suffix)) renameSync(legacy + suffix, target + suffix);
    log.info('moved the existing cache into the profile "default"');
    return LEGACY_IDENTITY_KEY;
  }

  const save = (next: ProfilesFile) => {
    writeJsonFile(file, fileSchema.parse(next));
    data = next;
  };
  const find = (id: string) => data.profiles.find((p) => p.id === id) ?? null;
  const get = (id: string) => {
    const p = find(id);
    if (!p) throw new ProfileInputError(`There is no profile with id "${id}"`);
    return p;
  };
  const checkName = (raw: string, except?: string): string => {
    const parsed = profileNameSchema.safeParse(raw);
    if (!parsed.success) throw new ProfileInputError(`Profile name: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
    const name = parsed.data;
    if (data.profiles.some((p) => p.id !== except && p.name.toLowerCase() === name.toLowerCase()))
      throw new ProfileInputError(`A profile named "${name}" already exists`);
    return name;
  };
  const checkUrl = (raw: string): string => {
    const parsed = apiBaseUrlSchema.safeParse(raw);
    if (!parsed.success) throw new ProfileInputError(`API base URL: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
    return normalizeBaseUrl(parsed.data); // throws InvalidBaseUrlError (BAD_INPUT) saying what is wrong
  };
  const replace = (id: string, next: ProfileRecord) => {
    save({ ...data, profiles: data.profiles.map((p) => (p.id === id ? next : p)) });
    return next;
  };

  return {
    list: () => data.profiles,
    active: () => get(data.activeId),
    get,
    byName: (name) => data.profiles.find((p) => p.name.toLowerCase() === name.trim().toLowerCase()) ?? null,
    add(input) {
      const profile: ProfileRecord = {
        id: `p-${randomBytes(5).toString('hex')}`,
        name: checkName(input.name),
        apiBaseUrl: checkUrl(input.apiBaseUrl),
        identityKey: null,
      };
      save({ ...data, profiles: [...data.profiles, profile] });
      return profile;
    },
    rename: (id, name) => replace(id, { ...get(id), name: checkName(name, id) }),
    update(id, patch) {
      const p = get(id);
      return replace(id, {
        ...p,
        ...(patch.apiBaseUrl !== undefined && { apiBaseUrl: checkUrl(patch.apiBaseUrl) }),
        ...(patch.identityKey !== undefined && { identityKey: patch.identityKey }),
      });
    },
    remove(id) {
      const removed = get(id);
      let profiles = data.profiles.filter((p) => p.id !== id);
      if (profiles.length === 0)
        profiles = [{ id: DEFAULT_PROFILE_ID, name: DEFAULT_PROFILE_NAME, apiBaseUrl: opts.defaultApiBaseUrl, identityKey: null }];
      const activeId = profiles.some((p) => p.id === data.activeId) ? data.activeId : profiles[0]!.id;
      save({ ...data, activeId, profiles });
      return removed;
    },
    setActive(id) {
      const p = get(id);
      save({ ...data, activeId: id });
      return p;
    },
    get problem() {
      return problem;
    },
  };
}
