import { Module } from '@nestjs/common';
import { PolicyPackPagesController } from './pages/policy-pack-pages.controller.js';
import { PolicyPacksController } from './policy-packs.controller.js';
import { PolicyPacks } from './policy-packs.service.js';

/** The authority's policy pack: weights, formulas, rates and thresholds, versioned (API and pages). */
@Module({ controllers: [PolicyPacksController, PolicyPackPagesController], providers: [PolicyPacks], exports: [PolicyPacks] })
export class PolicyModule {}
