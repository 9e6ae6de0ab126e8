import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, Public, PublishedRecords } from '#platform';
import { OcdsFeedQuery } from './ocds-feed.dto.js';
import { OcdsPublic } from './ocds-public.service.js';

const OCID = /^ocds-[a-z0-9]{6}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Open Contracting Data Standard 1.1.5 publication, for anyone (issue 16, item 3). */
@ApiTags('public')
@Controller('api/v1/public/ocds')
export class OcdsPublicController {
  constructor(private readonly ocds: OcdsPublic) {}

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
}
