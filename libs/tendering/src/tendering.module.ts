import { Module } from '@nestjs/common';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController], providers: [DeadlineRemindersJob], exports: [DeadlineRemindersJob] })
export class TenderingModule {}
