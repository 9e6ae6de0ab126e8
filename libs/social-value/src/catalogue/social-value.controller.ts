import { Body, Controller, Get, Headers, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal, ProblemException } from '#platform';
import { CSV_COLUMNS } from './catalogue-csv.js';
import { SocialValueCatalogues } from './social-value-catalogues.service.js';

/** The authority's social value catalogue: read by its staff, replaced whole by import. */
@ApiTags('social value')
@Controller('api/v1/social-value/catalogue')
export class SocialValueController {
  constructor(private readonly catalogues: SocialValueCatalogues) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({
    summary: 'The catalogue in force: themes → outcomes → measures with unit and proxy value (£ per unit); version 0 is the built-in, illustrative one',
  })
  inForce() {
    return this.catalogues.inForce();
  }

  @Get('export')
  @Access(...AUTHORITY_STAFF)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The catalogue in force as a CSV file in the import’s columns: edit it in a spreadsheet and import it back as the next version' })
  export() {
    return this.catalogues.download();
  }

  @Post('import')
  @Access('commissioner', 'authority_admin')
  @ApiConsumes('text/csv')
  @ApiBody({ description: `A header line (${CSV_COLUMNS.join(',')}) then one measure per line`, schema: { type: 'string' } })
  @ApiOperation({
    summary:
      'Import a whole catalogue from CSV as the next version: checked whole first; any bad line refuses it all (422 naming each line, 2 being the first data line)',
  })
  async import(
    @Body() body: unknown,
    @Headers('content-type') type: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!/^text\/csv\b/i.test(type ?? '') || typeof body !== 'string') {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-media-type',
        'Send the catalogue as text/csv',
        `The body must be a CSV file sent with Content-Type: text/csv; the first line names the columns ${CSV_COLUMNS.join(',')}`,
      );
    }
    return this.catalogues.import(body, fileName?.slice(0, 300) ?? null, principal);
  }
}
