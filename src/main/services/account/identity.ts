/**
 * Who a token belongs to. A cache belongs to one identity: the API base URL plus the principal `GET /v3/self`
 * reports (a service user, or the human behind a personal access token). Two tokens of the same principal on the
 * same host share a cache; anything else never does.
 */
import { createHash } from 'node:crypto';
import type { ApiSelf } from '../../../shared/devin-api';
import type { AccountIdentity } from '../../../shared/dashboard';
import { normalizeBaseUrl } from '../devin-client';

export class UnknownPrincipalError extends Error {
  readonly code = 'API_SCHEMA';
  constructor(principalType: string) {
    super(`The Devin API did not say which ${principalType || 'principal'} this token belongs to (/v3/self has no id), so its data cannot be kept apart from other accounts'`);
    this.name = 'UnknownPrincipalError';
  }
}

export function identityFromSelf(baseUrl: string, self: ApiSelf): AccountIdentity {
  // `service_user_id` for a service user, `user_id` for a personal token; other principals carry one of the two.
  const principalId = self.service_user_id ?? self.user_id ?? null;
  if (!principalId) throw new UnknownPrincipalError(self.principal_type);
  const apiBaseUrl = normalizeBaseUrl(baseUrl);
  const principalType = self.principal_type;
  return {
    key: identityKey(apiBaseUrl, principalType, principalId),
    apiBaseUrl,
    principalType,
    principalId,
    principalName: self.service_user_name ?? self.user_name ?? null,
    orgId: self.org_id ?? null,
  };
}

/** A stable, file-name-safe key; the principal type is part of it because ids of two kinds could coincide. */
export function identityKey(apiBaseUrl: string, principalType: string, principalId: string): string {
  const digest = createHash('sha256').update(`${normalizeBaseUrl(apiBaseUrl)}\n${principalType}\n${principalId}`).digest('hex');
  return `id-${digest.slice(0, 20)}`;
}
