import { Controller, Get, Param, Query, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Public, PublishedRecords } from '#platform';
import { PageInterceptor } from '#web';
import { OCID, SLUG } from '../ocds/core/identifiers.js';
import { PublicPages } from './public-pages.service.js';

const notFoundPage = (what: string) => new ProblemException(404, 'not-found', 'Page not found', `${what} is not published here`);

/** What anyone may see of each authority's contracts (issue 16, item 4): no sign-in, published records only. */
@ApiExcludeController()
@Controller('public')
export class PublicPagesController {
  constructor(private readonly pages: PublicPages) {}

  @Get('authorities')
  @Public()
  @PublishedRecords()
  @Render('public/authorities')
  @UseInterceptors(PageInterceptor)
  authorities() {
    return this.pages.authorities();
  }

  @Get('authorities/:slug')
  @Public()
  @PublishedRecords()
  @Render('public/authority')
  @UseInterceptors(PageInterceptor)
  authority(@Param('slug') slug: string, @Query('page') page?: string) {
    if (!SLUG.test(slug)) throw notFoundPage('That authority');
    return this.pages.authority(slug, /^\d{1,6}$/.test(page ?? '') ? Number(page) : 1);
  }

  @Get('records/:ocid')
  @Public()
  @PublishedRecords()
  @Render('public/record')
  @UseInterceptors(PageInterceptor)
  record(@Param('ocid') ocid: string) {
    if (!OCID.test(ocid)) throw notFoundPage('That contracting process');
    return this.pages.record(ocid);
  }
}
