import { Module } from '@nestjs/common';
import { ClarificationsController, PublicClarificationsController } from './clarifications/clarifications.controller.js';
import { Clarifications } from './clarifications/clarifications.service.js';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { PolicyPacksController } from './policy/policy-packs.controller.js';
import { PolicyPacks } from './policy/policy-packs.service.js';
import { PublicTendersController } from './public/public-tenders.controller.js';
import { TenderAuthoringController } from './tenders/tender-authoring.controller.js';
import { TenderAuthoring } from './tenders/tender-authoring.service.js';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController, TenderAuthoringController, PolicyPacksController, PublicTendersController, PublicClarificationsController, ClarificationsController], providers: [DeadlineRemindersJob, PolicyPacks, TenderAuthoring, Clarifications], exports: [DeadlineRemindersJob] })
export class TenderingModule {}
