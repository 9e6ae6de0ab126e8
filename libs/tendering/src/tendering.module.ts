import { Module } from '@nestjs/common';
import { TendersController } from './tenders/tenders.controller.js';

@Module({ controllers: [TendersController] })
export class TenderingModule {}
