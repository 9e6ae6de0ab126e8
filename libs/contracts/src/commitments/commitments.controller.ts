import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { CommitmentReviewDto } from '#public-character';
import { CommitmentReviews } from './commitment-reviews.service.js';
import { Commitments } from './commitments.service.js';

/** The contract commitments a tender's winning bids became bound by at award, and their yearly reviews (the authority's side). */
@ApiTags('public character')
@Controller('api/v1/tenders/:tenderId/public-character')
export class CommitmentsController {
  constructor(
    private readonly commitmentsService: Commitments,
    private readonly reviews: CommitmentReviews,
  ) {}

  @Get('commitments')
  @Access('commissioner', 'contract_manager', 'auditor')
  @ApiOperation({
    summary:
      'The contract commitments the winning bids became bound by at award: each public character test at its verified level, with its yearly reviews and the next one due',
  })
  async commitments(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: await this.reviews.views(await this.commitmentsService.forTender(tenderId)) };
  }

  @Post('commitments/:commitmentId/reviews')
  @Access('contract_manager')
  @ApiOperation({
    summary:
      'Record a contract year’s review of a public character commitment: the level found and what it was found on (from 60 days before it falls due); audited, and the provider is e-mailed',
  })
  review(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('commitmentId', uuidParam('commitmentId')) commitmentId: string,
    @Body() dto: CommitmentReviewDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reviews.record(tenderId, commitmentId, dto, principal);
  }
}

/** The provider's own commitments from a tender, with their reviews. */
@ApiTags('public character')
@Controller('api/v1/public/tenders/:tenderId/public-character')
export class ProviderCommitmentsController {
  constructor(
    private readonly commitmentsService: Commitments,
    private readonly reviews: CommitmentReviews,
  ) {}

  @Get('commitments')
  @Access('provider')
  @ApiOperation({
    summary: 'Your contract commitments from this tender, once awarded: each public character test at its verified level, with its yearly reviews',
  })
  async myCommitments(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: await this.reviews.views(await this.commitmentsService.mine(tenderId)) };
  }
}
