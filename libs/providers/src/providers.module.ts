import { Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { ProviderAccountsPagesController } from './pages/provider-accounts-pages.controller.js';
import { ProviderRegistrationController } from './registration/provider-registration.controller.js';
import { ProviderRegistration } from './registration/provider-registration.service.js';
import { InvitationsController, TeamController } from './team/team.controller.js';
import { Team } from './team/team.service.js';

/** Provider organisations' own accounts: registering, and bringing colleagues in (API and pages). */
@Module({
  imports: [AuthModule],
  controllers: [ProviderRegistrationController, TeamController, InvitationsController, ProviderAccountsPagesController],
  providers: [ProviderRegistration, Team],
  exports: [ProviderRegistration, Team],
})
export class ProvidersModule {}
