import { ApiKey } from './api-key.entity.js';
import { Authority } from './authority.entity.js';
import { Membership } from './membership.entity.js';
import { ProviderMembership } from './provider-membership.entity.js';
import { ProviderOrganisation } from './provider-organisation.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { User } from './user.entity.js';
import { WebSession } from './web-session.entity.js';

export { ApiKey, Authority, Membership, ProviderMembership, ProviderOrganisation, RefreshToken, User, WebSession };
export * from './provider-organisation.entity.js';
export type { ProviderRole } from './provider-membership.entity.js';

export const AUTH_ENTITIES = [Authority, User, Membership, ProviderOrganisation, ProviderMembership, ApiKey, RefreshToken, WebSession];
