import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { resultDocument } from '#scoring';
import { Access, type Principal, uuidParam } from '#platform';
import { AssessmentSummaries } from './assessment-summaries.service.js';
import { Awards } from './awards.service.js';
import { EvaluationContexts } from './evaluation-context.service.js';
import { EvaluationSetup } from './evaluation-setup.service.js';
import { AbnormallyLowReviewDto, AssignEvaluatorDto, AwardReasonDto, ConsensusDto, DeclarationDto, MarkDto, WithdrawalDto } from './evaluation.dto.js';
import { Moderation } from './moderation.service.js';
import { Scoring } from './scoring.service.js';

const tender = () => Param('tenderId', uuidParam('tenderId'));
const assignment = () => Param('assignmentId', uuidParam('assignmentId'));

/** Evaluation of a tender's bids, from assigning evaluators to the award (issue 5). */
@ApiTags('evaluation')
@Controller('api/v1/tenders/:tenderId/evaluation')
export class EvaluationController {
  constructor(
    private readonly contexts: EvaluationContexts,
    private readonly setup: EvaluationSetup,
    private readonly scoring: Scoring,
    private readonly moderation: Moderation,
    private readonly awards: Awards,
    private readonly summaryService: AssessmentSummaries,
  ) {}

  @Post()
  @Access('commissioner')
  @ApiOperation({ summary: 'Start the evaluation (bids opened): the tender moves to evaluation, with a fixed sensitivity seed' })
  async start(@tender() tenderId: string, @CurrentPrincipal() principal: Principal) {
    const e = await this.setup.start(tenderId, principal);
    return { tenderId: e.tenderId, startedAt: e.startedAt.toISOString(), seed: e.seed, completedAt: e.completedAt?.toISOString() ?? null };
  }

  @Get('assignments')
  @Access('commissioner', 'auditor')
  @ApiOperation({ summary: 'Evaluators per criterion group, their declarations and progress (counts, never marks)' })
  async progress(@tender() tenderId: string) {
    return { items: await this.setup.progress(tenderId) };
  }

  @Post('assignments')
  @Access('commissioner')
  @ApiOperation({ summary: 'Assign a person with the evaluator role to a criterion group' })
  assign(@tender() tenderId: string, @Body() dto: AssignEvaluatorDto, @CurrentPrincipal() principal: Principal) {
    return this.setup.assign(tenderId, dto, principal);
  }

  @Post('assignments/:assignmentId/withdrawal')
  @Access('commissioner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw an evaluator from their criterion group with a reason, before the group is moderated (their marks stop counting); audited',
  })
  withdraw(@tender() tenderId: string, @assignment() assignmentId: string, @Body() dto: WithdrawalDto, @CurrentPrincipal() principal: Principal) {
    return this.setup.withdraw(tenderId, assignmentId, dto, principal);
  }

  @Get('assignments/mine')
  @Access('evaluator')
  @ApiOperation({ summary: 'Your own assignments on this tender, with the bidders named so you can declare conflicts' })
  async mine(@tender() tenderId: string, @CurrentPrincipal() principal: Principal) {
    return { items: (await this.setup.progress(tenderId)).filter((a) => a.userId === principal.userId) };
  }

  @Post('assignments/:assignmentId/declaration')
  @HttpCode(200)
  @Access('evaluator')
  @ApiOperation({ summary: 'Declare conflicts of interest before seeing any bid: a conflict removes you (audited)' })
  async declare(@tender() tenderId: string, @assignment() assignmentId: string, @Body() dto: DeclarationDto, @CurrentPrincipal() principal: Principal) {
    const a = await this.setup.declare(tenderId, assignmentId, dto, principal);
    return { id: a.id, criterionGroup: a.criterionGroup, declaration: a.declaration, declaredAt: a.declaredAt?.toISOString() ?? null };
  }

  @Get('assignments/:assignmentId/sheet')
  @Access('evaluator')
  @ApiOperation({ summary: 'The answers to mark for your criterion group, with guidance and band descriptors, and your marks so far' })
  sheet(@tender() tenderId: string, @assignment() assignmentId: string, @CurrentPrincipal() principal: Principal) {
    return this.scoring.sheet(tenderId, assignmentId, principal);
  }

  @Put('assignments/:assignmentId/marks')
  @Access('evaluator')
  @ApiOperation({ summary: 'Give (or change, until you submit) your mark and reason for one bid and criterion' })
  mark(@tender() tenderId: string, @assignment() assignmentId: string, @Body() dto: MarkDto, @CurrentPrincipal() principal: Principal) {
    return this.scoring.mark(tenderId, assignmentId, dto, principal);
  }

  @Post('assignments/:assignmentId/submit')
  @HttpCode(200)
  @Access('evaluator')
  @ApiOperation({ summary: 'Submit your marks (every bid, every criterion of the group); then you may see the other evaluators’' })
  submit(@tender() tenderId: string, @assignment() assignmentId: string, @CurrentPrincipal() principal: Principal) {
    return this.scoring.submit(tenderId, assignmentId, principal);
  }

  @Get('marks')
  @Access('evaluator', 'commissioner', 'auditor')
  @ApiOperation({ summary: 'Independent marks you may see: an evaluator sees others’ only in groups where they have submitted' })
  async marks(@tender() tenderId: string, @CurrentPrincipal() principal: Principal) {
    return { items: await this.scoring.visibleMarks(tenderId, principal) };
  }

  @Get('moderation')
  @Access('commissioner', 'auditor')
  @ApiOperation({ summary: 'Every bid and criterion: the independent marks, their spread, the variance flag and the consensus' })
  async cells(@tender() tenderId: string) {
    return { items: await this.moderation.cells(await this.contexts.of(tenderId)) };
  }

  @Put('consensus')
  @Access('commissioner')
  @ApiOperation({ summary: 'Record the consensus mark for a bid and criterion, with the rationale (and a variance note where marks spread widely)' })
  consensus(@tender() tenderId: string, @Body() dto: ConsensusDto, @CurrentPrincipal() principal: Principal) {
    return this.moderation.moderate(tenderId, dto, principal);
  }

  @Get('abnormally-low')
  @Access('commissioner', 'auditor')
  @ApiOperation({ summary: 'Bids flagged abnormally low, and the clarification outcome recorded for each' })
  async abnormallyLow(@tender() tenderId: string) {
    return { items: await this.moderation.abnormallyLow(await this.contexts.of(tenderId)) };
  }

  @Post('abnormally-low/:bidId')
  @Access('commissioner')
  @ApiOperation({ summary: 'Record the outcome of clarifying an abnormally low bid: accepted (with reason) or rejected' })
  review(
    @tender() tenderId: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Body() dto: AbnormallyLowReviewDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.moderation.reviewAbnormallyLow(tenderId, bidId, dto, principal);
  }

  @Post('complete')
  @HttpCode(200)
  @Access('commissioner')
  @ApiOperation({ summary: 'Complete the evaluation: every mark moderated, spreads explained, abnormally low bids concluded; the result is fixed' })
  complete(@tender() tenderId: string, @CurrentPrincipal() principal: Principal) {
    return this.moderation.complete(tenderId, principal);
  }

  @Get('result')
  @Access('commissioner', 'auditor')
  @ApiOperation({ summary: 'The result: ranking first, then lots and every bid’s scores; provisional until the evaluation is complete' })
  async result(@tender() tenderId: string) {
    const { status, result } = await this.contexts.result(await this.contexts.of(tenderId));
    return { tenderId, status, ...resultDocument(result) };
  }

  @Get('sensitivity')
  @Access('commissioner', 'auditor')
  @ApiOperation({ summary: 'How safe the winner is: pairwise weight transfers and seeded ±10% perturbations of every weight' })
  async sensitivity(@tender() tenderId: string) {
    return { tenderId, lots: await this.contexts.sensitivity(await this.contexts.of(tenderId)) };
  }

  @Get('bundle')
  @Access('commissioner', 'auditor')
  @ApiOperation({
    summary: 'Everything the engine needs to recompute the result offline (docs/evaluation-bundle.schema.json); `npx commonweal evaluate bundle.json`',
  })
  async bundle(@tender() tenderId: string) {
    return this.contexts.bundle(await this.contexts.of(tenderId));
  }

  @Get('summaries')
  @Access('commissioner', 'auditor', 'authority_admin')
  @ApiOperation({ summary: 'The assessment summaries fixed at the start of standstill, one per bidder, with each e-mail’s fate (queued, sent, failed)' })
  async summaries(@tender() tenderId: string) {
    await this.contexts.of(tenderId);
    return { items: await this.summaryService.sent(tenderId) };
  }

  @Get('summaries/:providerId')
  @Access('commissioner', 'auditor', 'authority_admin')
  @ApiOperation({ summary: 'One bidder’s assessment summary exactly as it was sent' })
  async summary(@tender() tenderId: string, @Param('providerId', uuidParam('providerId')) providerId: string) {
    await this.contexts.of(tenderId);
    return this.summaryService.forAuthority(tenderId, providerId);
  }

  @Get('award')
  @Access('commissioner', 'authority_admin', 'auditor')
  @ApiOperation({ summary: 'The award steps so far, oldest first' })
  async steps(@tender() tenderId: string) {
    return { items: await this.awards.steps(tenderId) };
  }

  @Post('award/recommend')
  @Access('commissioner')
  @ApiOperation({ summary: 'Recommend the award to the winners of the completed evaluation' })
  recommend(@tender() tenderId: string, @Body() dto: AwardReasonDto, @CurrentPrincipal() principal: Principal) {
    return this.awards.recommend(tenderId, dto.reason, principal);
  }

  @Post('award/approve')
  @Access('commissioner', 'authority_admin')
  @ApiOperation({ summary: 'Approve the recommendation (not the recommender): the standstill starts and assessment summaries go to every bidder' })
  approve(@tender() tenderId: string, @Body() dto: AwardReasonDto, @CurrentPrincipal() principal: Principal) {
    return this.awards.approve(tenderId, dto.reason, principal);
  }

  @Post('award/confirm')
  @Access('commissioner')
  @ApiOperation({ summary: 'Award, once the standstill has ended' })
  confirm(@tender() tenderId: string, @CurrentPrincipal() principal: Principal) {
    return this.awards.award(tenderId, principal);
  }

  @Post('award/no-award')
  @Access('commissioner')
  @ApiOperation({ summary: 'End the tender without an award, with the reason' })
  noAward(@tender() tenderId: string, @Body() dto: AwardReasonDto, @CurrentPrincipal() principal: Principal) {
    return this.awards.noAward(tenderId, dto.reason, principal);
  }
}
