import { Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, Public, PublishedRecords, ContextRunner, uuidParam } from '#platform';
import { PublishedTenders } from '../public/published-tenders.service.js';
import { PageInterceptor } from '#web';
import { deadlineText } from './tender-tags.js';

type PageRequest = Request & { principal?: Principal };

/** Open tenders of every authority, for anyone; providers follow them from here. */
@ApiExcludeController()
@Controller('tenders')
export class FindTendersController {
  constructor(
    private readonly tenders: PublishedTenders,
    private readonly runner: ContextRunner,
  ) {}

  @Get()
  @Public()
  @PublishedRecords()
  @Render('tenders/find')
  @UseInterceptors(PageInterceptor)
  async find(@Req() req: PageRequest, @Query('followed') followed?: string) {
    const isProvider = Boolean(req.principal?.roles.includes('provider'));
    const { items } = await this.tenders.page({ status: 'published', limit: 100 });
    const following = isProvider ? await this.tenders.followed() : new Set<string>();
    return {
      title: 'Find a tender',
      isProvider,
      followedNow: followed === '1',
      tenders: items.map((t) => ({
        id: t.id,
        title: t.title,
        reference: t.reference,
        authority: t.authority.name,
        description: t.description,
        deadline: deadlineText(t.submissionDeadline),
        following: following.has(t.id),
      })),
    };
  }

  @Post(':id/follow')
  @Access('provider')
  @OwnTransactions()
  async follow(@Req() req: PageRequest & { principal: Principal }, @Param('id', uuidParam()) id: string, @Res() res: Response) {
    // Committed before the redirect, so the list it returns to shows the tender followed.
    const { userId, providerId } = req.principal;
    await this.runner.run({ userId, providerId, publishedRecords: true }, () => this.tenders.follow(id, req.principal));
    res.redirect(303, '/tenders?followed=1');
  }
}
