import { Module } from '@nestjs/common';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { PolicyPacksController } from './policy/policy-packs.controller.js';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController, PolicyPacksController], providers: [DeadlineRemindersJob], exports: [DeadlineRemindersJob] })
export class TenderingModule {}
