import { Module } from '@nestjs/common';
import { PolicyModule } from '#policy';
import { CycleReader } from './cycles/cycle-reader.service.js';
import { CycleTenders } from './cycles/cycle-tenders.service.js';
import { CyclesController } from './cycles/cycles.controller.js';
import { Cycles } from './cycles/cycles.service.js';
import { CyclesPagesController } from './pages/cycles-pages.controller.js';

/** Commissioning cycles: authorise (purpose, engagement, outcomes) and the delivery model decision (API and pages). */
@Module({
  imports: [PolicyModule],
  controllers: [CyclesController, CyclesPagesController],
  providers: [Cycles, CycleReader, CycleTenders],
  exports: [Cycles, CycleReader, CycleTenders],
})
export class CommissioningModule {}
