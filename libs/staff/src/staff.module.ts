import { Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { NewAuthorities } from './authorities/new-authority.service.js';
import { StaffInvitations } from './invitations/staff-invitations.service.js';
import { StaffMembers } from './members/staff-members.service.js';
import { ApiKeysPagesController } from './pages/api-keys-pages.controller.js';
import { AuthoritiesPagesController } from './pages/authorities-pages.controller.js';
import { StaffPagesController } from './pages/staff-pages.controller.js';
import { SsoPagesController } from './pages/sso-pages.controller.js';
import { OidcProviders } from './single-sign-on/oidc-providers.js';
import { SsoSettings } from './single-sign-on/sso-settings.service.js';
import { SsoSignIn } from './single-sign-on/sso-sign-in.service.js';
import { StaffController, StaffInvitationLinksController } from './staff.controller.js';

/**
 * An authority's own people and systems: staff invited, their roles, deactivation; signing them in through the
 * authority's identity provider; API keys in pages; the operator setting up an authority.
 */
@Module({
  imports: [AuthModule],
  controllers: [StaffController, StaffInvitationLinksController, StaffPagesController, ApiKeysPagesController, AuthoritiesPagesController, SsoPagesController],
  providers: [StaffMembers, StaffInvitations, NewAuthorities, OidcProviders, SsoSettings, SsoSignIn],
  exports: [StaffMembers, StaffInvitations],
})
export class StaffModule {}
