import { Module } from '@nestjs/common';
import { PolicyModule } from '#policy';
import { CycleReader } from './cycles/cycle-reader.service.js';
import { CycleTenders } from './cycles/cycle-tenders.service.js';
import { CyclesController } from './cycles/cycles.controller.js';
import { Cycles } from './cycles/cycles.service.js';
import { CyclesPagesController } from './pages/cycles-pages.controller.js';
import { ServiceReviewsController } from './review/service-reviews.controller.js';
import { ServiceReviewPagesController } from './pages/service-review-pages.controller.js';
import { ServiceReviews } from './review/service-reviews.service.js';
import { ServiceReviewRemindersJob } from './review/service-review-reminders.job.js';

/** Commissioning cycles: authorise (purpose, engagement, outcomes) and the delivery model decision (API and pages). */
@Module({
  imports: [PolicyModule],
  controllers: [CyclesController, CyclesPagesController, ServiceReviewsController, ServiceReviewPagesController],
  providers: [Cycles, CycleReader, CycleTenders, ServiceReviews, ServiceReviewRemindersJob],
  exports: [Cycles, CycleReader, CycleTenders, ServiceReviews],
})
export class CommissioningModule {}
