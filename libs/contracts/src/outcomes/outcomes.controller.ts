import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, Idempotent, type Principal, uuidParam } from '#platform';
import { MetricDto, MetricUpdateDto, OutcomeReportDto, OutcomeValidationDto } from './outcome.dto.js';
import { OutcomeMetrics } from './outcome-metrics.service.js';
import { OutcomeReports } from './outcome-reports.service.js';
import { ConclusionDto, ExplanationDto } from '../reviews/review.dto.js';
import { OutcomeReviews } from '../reviews/outcome-reviews.service.js';

const READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
const MANAGERS = ['commissioner', 'contract_manager'] as const;

/** A contract's outcomes, read in context: its metrics (set while pending), each period's result and its validation. */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id')
export class OutcomesController {
  constructor(
    private readonly metrics: OutcomeMetrics,
    private readonly reports: OutcomeReports,
  ) {}

  @Get('outcomes')
  @Access(...READERS)
  @ApiOperation({ summary: 'Each outcome metric period by period: target, what was expected of the population served, the result, its validation and payment' })
  board(@Param('id', uuidParam()) id: string) {
    return this.reports.board(id);
  }

  @Post('outcome-metrics')
  @Access(...MANAGERS)
  @ApiOperation({
    summary: 'Add an outcome metric to a pending contract: definition, baseline, target, milestones, attribution, price, caps and context model',
  })
  addMetric(@Param('id', uuidParam()) id: string, @Body() dto: MetricDto, @CurrentPrincipal() principal: Principal) {
    return this.metrics.create(id, dto, principal);
  }

  @Patch('outcome-metrics/:metricId')
  @Access(...MANAGERS)
  @ApiOperation({ summary: 'Change an outcome metric of a pending contract; send the version you read' })
  changeMetric(
    @Param('id', uuidParam()) id: string,
    @Param('metricId', uuidParam('metricId')) metricId: string,
    @Body() dto: MetricUpdateDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.metrics.update(id, metricId, dto, principal);
  }

  @Post('outcome-reports/:reportId/validation')
  @Access(...MANAGERS)
  @Idempotent()
  @ApiOperation({
    summary:
      'Validate a reported result once: accepted, adjusted (units and reason) or rejected (reason); writes the outcome payment it earns, capped, in the same transaction',
  })
  validate(
    @Param('id', uuidParam()) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() dto: OutcomeValidationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reports.validate(id, reportId, dto, principal);
  }
}

/** Review before sanction: the contract manager concludes a review once the provider has explained its context (or its date has passed). */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id/outcome-reviews')
export class OutcomeReviewsController {
  constructor(private readonly reviews: OutcomeReviews) {}

  @Post(':reviewId/conclusion')
  @Access(...MANAGERS)
  @Idempotent()
  @ApiOperation({
    summary: 'Conclude a review once, finally: no action, a remedy plan (with its date) or a deduction (with its amount, written to the payment schedule)',
  })
  conclude(
    @Param('id', uuidParam()) id: string,
    @Param('reviewId', uuidParam('reviewId')) reviewId: string,
    @Body() dto: ConclusionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reviews.conclude(id, reviewId, dto, principal);
  }
}

/** A provider's results on the contracts it holds. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts/:id')
export class ProviderOutcomesController {
  constructor(
    private readonly reports: OutcomeReports,
    private readonly reviews: OutcomeReviews,
  ) {}

  @Get('outcomes')
  @Access('provider')
  @ApiOperation({
    summary: 'Your contract’s outcome metrics period by period: what is expected of the population you serve, your results, their validation and payment',
  })
  board(@Param('id', uuidParam()) id: string) {
    return this.reports.board(id);
  }

  @Post('outcome-reports')
  @Access('provider')
  @ApiOperation({ summary: 'Report an ended period’s result on an outcome metric: the cohort, how many achieved it, the population served and your evidence' })
  report(@Param('id', uuidParam()) id: string, @Body() dto: OutcomeReportDto, @CurrentPrincipal() principal: Principal) {
    return this.reports.report(id, dto, principal);
  }

  @Post('outcome-reviews/:reviewId/explanation')
  @Access('provider')
  @ApiOperation({ summary: 'Explain the context of a result under review, once, before the contract manager concludes' })
  explain(
    @Param('id', uuidParam()) id: string,
    @Param('reviewId', uuidParam('reviewId')) reviewId: string,
    @Body() dto: ExplanationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.reviews.explain(id, reviewId, dto, principal);
  }
}
