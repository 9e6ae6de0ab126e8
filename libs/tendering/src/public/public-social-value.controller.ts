import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound, Public, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { SocialValueCatalogues } from '#social-value';
import { PublishedTenders } from './published-tenders.service.js';

/** A published tender's social value catalogue: the version bids' commitments are valued with. */
@ApiTags('social value')
@Controller('api/v1/public/tenders/:tenderId/social-value/catalogue')
export class PublicSocialValueController {
  constructor(
    private readonly catalogues: SocialValueCatalogues,
    private readonly tenders: PublishedTenders,
    private readonly db: RequestDb,
  ) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({
    summary: 'The measures a bid to this tender commits against: code, unit and proxy value (£ per unit) of the catalogue version it was published with',
  })
  async catalogue(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    const tender = await this.tenders.published(tenderId);
    const version = tender.socialValueCatalogueVersion;
    const measures = version === null ? null : await this.catalogues.measuresOf(tender.tenantId, version);
    if (!measures) throw notFound('Social value catalogue');
    return { version, illustrative: version === 0, measures: [...measures.values()] };
  }
}
