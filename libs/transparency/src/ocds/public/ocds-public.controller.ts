import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OwnTransactions, ProblemException, Public, PublishedRecords } from '#platform';
import { OCID, SLUG } from '../core/identifiers.js';
import { OcdsBulk } from './ocds-bulk.service.js';
import { OcdsFeedQuery } from './ocds-feed.dto.js';
import { OcdsPublic } from './ocds-public.service.js';

/** Open Contracting Data Standard 1.1.5 publication, for anyone (issue 16, item 3). */
@ApiTags('public')
@Controller('api/v1/public/ocds')
export class OcdsPublicController {
  constructor(
    private readonly ocds: OcdsPublic,
    private readonly bulk: OcdsBulk,
  ) {}

  @Get('releases')
  @Public()
  @PublishedRecords()
  @ApiOperation({
    summary:
      'Every published release as an OCDS 1.1.5 release package, oldest first, a page at a time (follow links.next; positions follow commit order, so nothing is ever skipped); optionally one authority’s',
  })
  releases(@Query() query: OcdsFeedQuery) {
    return this.ocds.feed(query);
  }

  @Get('records/:ocid')
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'One contracting process as an OCDS 1.1.5 record package: its releases and the compiled release (the OCDS merge rules)' })
  record(@Param('ocid') ocid: string) {
    if (!OCID.test(ocid))
      throw new ProblemException(400, 'validation', 'The request is not valid', 'ocid must be an ocid this service publishes, e.g. ocds-cmnwl0-<tender id>', {
        errors: [{ field: 'ocid', rule: 'ocid', message: 'ocid must be an ocid this service publishes, e.g. ocds-cmnwl0-<tender id>' }],
      });
    return this.ocds.record(ocid);
  }

  @Get('authorities/:slug/releases')
  @Public()
  @OwnTransactions()
  @ApiProduces('application/gzip')
  @ApiOperation({
    summary:
      'Every release an authority has published, as one OCDS 1.1.5 release package, gzipped and streamed (a file to download; the feed up to the moment it began)',
  })
  async download(@Param('slug') slug: string, @Res() res: Response) {
    if (!SLUG.test(slug))
      throw new ProblemException(400, 'validation', 'The request is not valid', 'slug must be an authority’s slug, e.g. northmere', {
        errors: [{ field: 'slug', rule: 'slug', message: 'slug must be an authority’s slug, e.g. northmere' }],
      });
    const download = await this.bulk.start(slug);
    res.status(200);
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader('Content-Disposition', `attachment; filename="${slug}-ocds-releases.json.gz"`);
    await this.bulk.write(download, res);
  }
}
