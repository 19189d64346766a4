/**
 * What this data folder knows about accounts, in `identities.json` (0600): each identity seen, and for tokens
 * that never sit in a profile's keychain entry (DEVIN_SERVICE_USER_TOKEN) a salted hash → identity map, so such
 * a token reopens its own cache offline. Never the token itself: an HMAC with a per-folder random salt.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { AccountIdentity } from '../../../shared/dashboard';
import { readJsonFile, writeJsonFile } from '../json-file';
import { silentLogger, type Logger } from '../logger';

const identitySchema = z.object({
  key: z.string().regex(/^[\w-]{1,64}$/),
  apiBaseUrl: z.string(),
  principalType: z.string(),
  principalId: z.string(),
  principalName: z.string().nullable(),
  orgId: z.string().nullable(),
});

const fileSchema = z.object({
  version: z.literal(1),
  salt: z.string().regex(/^[0-9a-f]{32,}$/),
  identities: z.record(z.string(), identitySchema),
  tokens: z.record(z.string(), z.string()),
});
type RegistryFile = z.infer<typeof fileSchema>;

export interface IdentityRegistry {
  get(key: string): AccountIdentity | null;
  /** The identity remembered for this token (by salted hash), if any. */
  forToken(token: string): AccountIdentity | null;
  /** Records an identity and, when given, that `token` belongs to it (replacing what the token mapped to). */
  remember(identity: AccountIdentity, token?: string): void;
  /** Forgets an identity and every token hash that pointed at it. */
  forget(key: string): void;
}

export function createIdentityRegistry(opts: { dataDir: string; log?: Logger }): IdentityRegistry {
  const log = opts.log ?? silentLogger;
  const file = join(opts.dataDir, 'identities.json');
  const read = readJsonFile(file, fileSchema);
  if (!read.ok) log.warn(`identities.json ignored (remembered accounts for environment tokens are lost): ${read.problem}`);
  let data: RegistryFile = (read.ok && read.value) || { version: 1, salt: randomBytes(16).toString('hex'), identities: {}, tokens: {} };

  const hash = (token: string) => createHmac('sha256', data.salt).update(token).digest('hex');
  const save = (next: RegistryFile) => {
    writeJsonFile(file, next);
    data = next;
  };

  return {
    get: (key) => data.identities[key] ?? null,
    forToken(token) {
      const key = data.tokens[hash(token)];
      return key ? (data.identities[key] ?? null) : null;
    },
    remember(identity, token) {
      const tokens = token ? { ...data.tokens, [hash(token)]: identity.key } : data.tokens;
      save({ ...data, identities: { ...data.identities, [identity.key]: identity }, tokens });
    },
    forget(key) {
      const identities = { ...data.identities };
      delete identities[key];
      const tokens = Object.fromEntries(Object.entries(data.tokens).filter(([, k]) => k !== key));
      save({ ...data, identities, tokens });
    },
  };
}
