import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ProviderOrganisation } from '#auth';
import { Access, type Principal, Public, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { AnswerDto, AskDto } from './clarification.dto.js';
import { Clarifications, publicView } from './clarifications.service.js';

/** Providers ask; anyone reads the published answers (without who asked). */
@ApiTags('public')
@Controller('api/v1/public/tenders/:tenderId/clarifications')
export class PublicClarificationsController {
  constructor(private readonly clarifications: Clarifications) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'Answered clarifications of a published tender, oldest first; never who asked' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: (await this.clarifications.published(tenderId)).map(publicView) };
  }

  @Post()
  @Access('provider')
  @PublishedRecords()
  @ApiOperation({ summary: 'Ask a question about a tender open for bids, before questions close' })
  async ask(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Body() dto: AskDto, @CurrentPrincipal() principal: Principal) {
    const c = await this.clarifications.ask(tenderId, dto.question, principal);
    return { id: c.id, question: c.question, askedAt: c.askedAt.toISOString(), status: 'awaiting answer' };
  }
}

/** The commissioner's side: every question with who asked, and the answers. */
@ApiTags('tenders')
@Controller('api/v1/tenders/:tenderId/clarifications')
export class ClarificationsController {
  constructor(
    private readonly clarifications: Clarifications,
    private readonly db: RequestDb,
  ) {}

  @Get()
  @Access('commissioner')
  @ApiOperation({ summary: 'Every question on the tender, answered or not, with the asking provider' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    const rows = await this.clarifications.list(tenderId);
    const providers = rows.length
      ? await this.db.manager
          .getRepository(ProviderOrganisation)
          .createQueryBuilder('p')
          .where('p.id IN (:...ids)', { ids: [...new Set(rows.map((r) => r.providerId))] })
          .getMany()
      : [];
    const names = new Map(providers.map((p) => [p.id, p.name]));
    return {
      items: rows.map((c) => ({
        id: c.id,
        askedBy: names.get(c.providerId) ?? null,
        question: c.question,
        askedAt: c.askedAt.toISOString(),
        publishedQuestion: c.publishedQuestion,
        answer: c.answer,
        answeredAt: c.answeredAt?.toISOString() ?? null,
      })),
    };
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Access('commissioner')
  @ApiOperation({ summary: 'Answer a question: published to every bidder without the asker, and followers are e-mailed' })
  async answer(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AnswerDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return publicView(await this.clarifications.answer(tenderId, id, dto.answer, dto.publishedQuestion, principal));
  }
}
