import { Module } from '@nestjs/common';
import { ProviderRegistrationController } from './registration/provider-registration.controller.js';
import { ProviderRegistration } from './registration/provider-registration.service.js';
import { InvitationsController, TeamController } from './team/team.controller.js';
import { Team } from './team/team.service.js';

/** Provider organisations' own accounts: registering, and bringing colleagues in. */
@Module({ controllers: [ProviderRegistrationController, TeamController, InvitationsController], providers: [ProviderRegistration, Team], exports: [ProviderRegistration, Team] })
export class ProvidersModule {}
