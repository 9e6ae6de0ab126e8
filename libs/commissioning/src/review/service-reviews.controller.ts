import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal, uuidParam } from '#platform';
import { ServiceReviewDto } from './service-review.dto.js';
import { ServiceReviews } from './service-reviews.service.js';

/** The service review of a cycle (the Measure step): commissioners record it; all staff read it. */
@ApiTags('commissioning cycles')
@Controller('api/v1/cycles/:id/review')
export class ServiceReviewsController {
  constructor(private readonly reviews: ServiceReviews) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The review of the service the cycle commissioned: findings per outcome, "you said, we did", the decision and the next cycle' })
  one(@Param('id', uuidParam()) id: string) {
    return this.reviews.of(id);
  }

  @Post()
  @Access('commissioner')
  @ApiOperation({
    summary:
      'Review the service: a finding on every outcome of the framework with what it rests on, what the "you said, we did" promises came to, and the decision (recommission, insource, change) with its reasons; opens the next cycle',
  })
  @ApiCreatedResponse({ description: 'The review, with the next cycle it opened' })
  record(@Param('id', uuidParam()) id: string, @Body() dto: ServiceReviewDto, @CurrentPrincipal() principal: Principal) {
    return this.reviews.record(id, dto, principal);
  }
}
