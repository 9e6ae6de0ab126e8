import { Module } from '@nestjs/common';
import { CommissioningModule } from '#commissioning';
import { PolicyModule } from '#policy';
import { PublicCharacterModule } from '#public-character';
import { SocialValueModule } from '#social-value';
import { ClarificationsController, PublicClarificationsController } from './clarifications/clarifications.controller.js';
import { Clarifications } from './clarifications/clarifications.service.js';
import { DocumentsController, PublicDocumentsController } from './documents/documents.controller.js';
import { Documents } from './documents/documents.service.js';
import { AuthorityTenderPage } from './pages/authority-tender-page.service.js';
import { AuthorityTendersPagesController } from './pages/authority-tenders-pages.controller.js';
import { FindTendersController } from './pages/find-tenders-pages.controller.js';
import { ProviderFocusController } from './pages/provider-focus.controller.js';
import { TenderModelPagesController } from './pages/tender-model-pages.controller.js';
import { TenderDashboards } from './pages/tender-dashboards.extension.js';
import { PublicSocialValueController } from './public/public-social-value.controller.js';
import { PublicTendersController } from './public/public-tenders.controller.js';
import { PublishedTenders } from './public/published-tenders.service.js';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { CycleTendersSource } from './tenders/cycle-tenders-source.service.js';
import { TenderAuthoringController } from './tenders/tender-authoring.controller.js';
import { TenderAuthoring } from './tenders/tender-authoring.service.js';
import { TendersController } from './tenders/tenders.controller.js';

/** Tenders and their models, clarifications and documents; published tenders for providers (API and pages). */
@Module({
  imports: [PolicyModule, CommissioningModule, PublicCharacterModule, SocialValueModule],
  controllers: [
    TendersController,
    TenderAuthoringController,
    PublicTendersController,
    PublicClarificationsController,
    ClarificationsController,
    DocumentsController,
    PublicDocumentsController,
    PublicSocialValueController,
    AuthorityTendersPagesController,
    TenderModelPagesController,
    FindTendersController,
    ProviderFocusController,
  ],
  providers: [CycleTendersSource, TenderDashboards, DeadlineRemindersJob, TenderAuthoring, Clarifications, Documents, PublishedTenders, AuthorityTenderPage],
  exports: [DeadlineRemindersJob, TenderAuthoring, Clarifications, Documents, PublishedTenders, AuthorityTenderPage],
})
export class TenderingModule {}
