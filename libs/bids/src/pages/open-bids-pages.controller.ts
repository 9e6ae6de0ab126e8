import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { AuthorityTenderPage } from '#tendering';
import { Bids } from '../bids.service.js';

/** The commissioner opens the bids from the tender's page, once the deadline has passed (recorded in the audit log). */
@ApiExcludeController()
@Controller('authority/tenders')
export class OpenBidsPagesController {
  constructor(
    private readonly bids: Bids,
    private readonly tenderPage: AuthorityTenderPage,
  ) {}

  @Post(':id/bids/open')
  @Access('commissioner')
  @OwnTransactions()
  async open(@Req() req: Request & { principal: Principal }, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.tenderPage.act(req, res, id, {}, 'bids', async () => {
      await this.bids.open(id);
      return 'opened';
    });
  }
}
