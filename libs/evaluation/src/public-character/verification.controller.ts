import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, notFound, type Principal, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { PublishedTenders } from '#tendering';
import { LEVELS, SelfAssessments, VerificationDto, VerificationResponseDto } from '#public-character';
import { PublicCharacterEvidence } from './public-character-evidence.service.js';
import { Verifications } from './verifications.service.js';

/** The commissioner's side: the queue of self-assessments to verify, one bid's evidence beside its answers, decisions. */
@ApiTags('public character')
@Controller('api/v1/tenders/:tenderId/public-character')
export class VerificationController {
  constructor(
    private readonly verifications: Verifications,
    private readonly evidence: PublicCharacterEvidence,
  ) {}

  @Get()
  @Access('commissioner', 'evaluator', 'auditor')
  @ApiOperation({ summary: 'Every bid’s self-assessment and where its verification stands, test by test (empty until the bids are opened)' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { levels: LEVELS, items: await this.verifications.forTender(tenderId) };
  }

  @Get('bids/:bidId')
  @Access('commissioner', 'evaluator', 'auditor')
  @ApiOperation({ summary: 'One bid’s snapshot: level, narrative and evidence per test, with every decision and answer' })
  bid(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    return this.verifications.forBid(tenderId, bidId);
  }

  @Post('bids/:bidId/tests/:testCode/verification')
  @Access('commissioner')
  @ApiOperation({
    summary: 'Accept, adjust (level and reason), reject (reason) or ask for more evidence (reason and date); audited, and the provider is e-mailed',
  })
  decide(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Param('testCode') testCode: string,
    @Body() dto: VerificationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.verifications.decide(tenderId, bidId, testCode, dto, principal);
  }

  @Get('bids/:bidId/evidence/:evidenceId')
  @Access('commissioner', 'evaluator', 'auditor')
  @ApiOperation({ summary: 'Download a document the bid’s snapshot (or an answer to a request) carries' })
  download(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Param('evidenceId', uuidParam('evidenceId')) evidenceId: string,
  ) {
    return this.evidence.download(tenderId, bidId, evidenceId);
  }
}

/** The provider's side for one tender: what its bid would carry, and how it was judged. */
@ApiTags('public character')
@Controller('api/v1/public/tenders/:tenderId/public-character')
export class ProviderPublicCharacterController {
  constructor(
    private readonly verifications: Verifications,
    private readonly assessments: SelfAssessments,
    private readonly tenders: PublishedTenders,
    private readonly db: RequestDb,
  ) {}

  @Get('preview')
  @Access('provider')
  @PublishedRecords()
  @ApiOperation({
    summary:
      'What a bid sent now would carry: your self-assessment against this tender’s framework version, with warnings (tests not assessed, evidence expired or withdrawn)',
  })
  async preview(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    const tender = await this.tenders.published(tenderId);
    const fw = await this.assessments.framework(tender);
    const taken = await this.assessments.snapshotFor(tender);
    if (!fw || !taken) throw notFound('Public character framework');
    return { levels: LEVELS, framework: { version: fw.version, ...fw.framework }, ...taken };
  }

  @Get('verification')
  @Access('provider')
  @ApiOperation({ summary: 'How the commissioner judged each test of your bids, with the reasons and any request for more evidence' })
  async mine(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { levels: LEVELS, items: await this.verifications.mine(tenderId) };
  }

  @Post('verification/:verificationId/response')
  @Access('provider')
  @ApiOperation({ summary: 'Answer a request for more evidence (once, before the date it names) with a narrative and items from your library' })
  async respond(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('verificationId', uuidParam('verificationId')) verificationId: string,
    @Body() dto: VerificationResponseDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { levels: LEVELS, items: await this.verifications.respond(tenderId, verificationId, dto, principal) };
  }
}
