import { Module } from '@nestjs/common';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { PolicyPacksController } from './policy/policy-packs.controller.js';
import { PolicyPacks } from './policy/policy-packs.service.js';
import { TenderAuthoringController } from './tenders/tender-authoring.controller.js';
import { TenderAuthoring } from './tenders/tender-authoring.service.js';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController, TenderAuthoringController, PolicyPacksController], providers: [DeadlineRemindersJob, PolicyPacks, TenderAuthoring], exports: [DeadlineRemindersJob] })
export class TenderingModule {}
