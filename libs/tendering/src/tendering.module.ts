import { Module } from '@nestjs/common';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { PolicyPacksController } from './policy/policy-packs.controller.js';
import { PolicyPacks } from './policy/policy-packs.service.js';
import { PublicTendersController } from './public/public-tenders.controller.js';
import { TenderAuthoringController } from './tenders/tender-authoring.controller.js';
import { TenderAuthoring } from './tenders/tender-authoring.service.js';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController, TenderAuthoringController, PolicyPacksController, PublicTendersController], providers: [DeadlineRemindersJob, PolicyPacks, TenderAuthoring], exports: [DeadlineRemindersJob] })
export class TenderingModule {}
