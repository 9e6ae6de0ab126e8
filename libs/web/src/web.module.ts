import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, jwtSecret } from '#auth';
import { APP_CONFIG, type AppConfig, PAGE_ERROR_RENDERER } from '#platform';
import { TenderingModule } from '#tendering';
import { AdminController } from './pages/admin.controller.js';
import { DashboardController } from './pages/dashboard.controller.js';
import { DashboardService } from './pages/dashboard.service.js';
import { FindTendersController } from './pages/find-tenders.controller.js';
import { CyclesPagesController } from './pages/cycles.controller.js';
import { AuthorityTendersPagesController } from './pages/authority-tenders.controller.js';
import { TenderPageController } from './pages/tender-page.controller.js';
import { PolicyPackPagesController } from './pages/policy-pack.controller.js';
import { ProviderAccountsPagesController } from './pages/provider-accounts.controller.js';
import { ProvidersModule } from '#providers';
import { AssessmentSummaryPageController } from './pages/assessment-summary-page.controller.js';
import { EvaluationPagesController } from './pages/evaluation-pages.controller.js';
import { ScoringPagesController } from './pages/scoring-pages.controller.js';
import { SocialValuePagesController } from './pages/social-value-pages.controller.js';
import { PublicCharacterPagesController } from './pages/public-character-pages.controller.js';
import { VerificationPagesController } from './pages/verification-pages.controller.js';
import { DeliveryPagesController } from './pages/delivery-pages.controller.js';
import { CommitmentPagesController } from './pages/commitment-pages.controller.js';
import { FrameworkPagesController } from './pages/framework-pages.controller.js';
import { PageWork } from './rendering/page-work.js';
import { InfoController } from './pages/info.controller.js';
import { SignInController } from './pages/sign-in.controller.js';
import { PageErrors } from './rendering/page-errors.js';
import { PageInterceptor } from './rendering/page.interceptor.js';
import { PageRenderer } from './rendering/page-renderer.js';
import { CsrfGuard } from './security/csrf.guard.js';
import { CsrfTokens } from './security/csrf.js';

/** Server-rendered pages on GOV.UK Frontend: sign in, dashboards by role, admin pages, error pages. */
@Global()
@Module({
  imports: [AuthModule, TenderingModule, ProvidersModule],
  controllers: [SignInController, DashboardController, AdminController, InfoController, FindTendersController, CyclesPagesController, ProviderAccountsPagesController, AuthorityTendersPagesController, TenderPageController, PolicyPackPagesController,
    EvaluationPagesController, ScoringPagesController, AssessmentSummaryPageController, SocialValuePagesController, PublicCharacterPagesController, VerificationPagesController, DeliveryPagesController, FrameworkPagesController, CommitmentPagesController],
  providers: [
    { provide: CsrfTokens, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new CsrfTokens(jwtSecret(config)) },
    { provide: PageRenderer, inject: [CsrfTokens], useFactory: (csrf: CsrfTokens) => new PageRenderer(csrf) },
    PageInterceptor,
    PageWork,
    DashboardService,
    PageErrors,
    { provide: PAGE_ERROR_RENDERER, useExisting: PageErrors },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [PAGE_ERROR_RENDERER, PageRenderer],
})
export class WebModule {}
