import { Module } from '@nestjs/common';
import { SocialValueCatalogues } from './catalogue/social-value-catalogues.service.js';
import { SocialValueController } from './catalogue/social-value.controller.js';
import { SocialValuePagesController } from './pages/catalogue-pages.controller.js';

/** The authority's social value catalogue (themes, outcomes, measures with proxy values), versioned (API and pages). */
@Module({ controllers: [SocialValueController, SocialValuePagesController], providers: [SocialValueCatalogues], exports: [SocialValueCatalogues] })
export class SocialValueModule {}
