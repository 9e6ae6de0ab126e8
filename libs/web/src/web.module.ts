import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, jwtSecret } from '#auth';
import { APP_CONFIG, type AppConfig, PAGE_ERROR_RENDERER } from '#platform';
import { AdminController } from './pages/admin.controller.js';
import { DashboardController } from './pages/dashboard.controller.js';
import { DashboardService } from './pages/dashboard.service.js';
import { PageExtensions } from './rendering/page-extensions.js';
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
  imports: [AuthModule],
  controllers: [SignInController, DashboardController, AdminController, InfoController],
  providers: [
    { provide: CsrfTokens, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new CsrfTokens(jwtSecret(config)) },
    { provide: PageRenderer, inject: [CsrfTokens], useFactory: (csrf: CsrfTokens) => new PageRenderer(csrf) },
    PageInterceptor,
    PageWork,
    PageExtensions,
    DashboardService,
    PageErrors,
    { provide: PAGE_ERROR_RENDERER, useExisting: PageErrors },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [PAGE_ERROR_RENDERER, PageRenderer, PageWork, PageInterceptor, PageExtensions],
})
export class WebModule {}
