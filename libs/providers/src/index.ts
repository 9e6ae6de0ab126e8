import { ProviderInvitation } from './team/provider-invitation.entity.js';

export * from './providers.module.js';
export * from './registration/provider-registration.service.js';
export * from './registration/register-provider.dto.js';
export * from './team/team.service.js';
export * from './team/team.dto.js';
export * from './team/provider-invitation.entity.js';
export const PROVIDERS_ENTITIES = [ProviderInvitation];
