import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, PublishedRecords, uuidParam } from '#platform';
import { SubmitBidDto } from './bid.dto.js';
import { Bids } from './bids.service.js';

@ApiTags('bids')
@Controller('api/v1/public/tenders/:tenderId/bids')
export class ProviderBidsController {
  constructor(private readonly bids: Bids) {}

  @Post()
  @Access('provider')
  @PublishedRecords()
  @ApiOperation({ summary: 'Submit (or replace) your bid for a lot before the deadline; returns a receipt with the content hash' })
  submit(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Body() dto: SubmitBidDto, @CurrentPrincipal() principal: Principal) {
    return this.bids.submit(tenderId, dto, principal);
  }

  @Get('mine')
  @Access('provider')
  @ApiOperation({ summary: 'Receipts of every version you submitted, newest first' })
  async mine(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: await this.bids.mine(tenderId) };
  }
}

@ApiTags('bids')
@Controller('api/v1/tenders/:tenderId/bids')
export class AuthorityBidsController {
  constructor(private readonly bids: Bids) {}

  @Post('open')
  @HttpCode(200)
  @Access('commissioner')
  @ApiOperation({ summary: 'Open the bids after the deadline (audited); until then the authority can read none' })
  open(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return this.bids.open(tenderId);
  }

  @Get()
  @Access('commissioner', 'evaluator', 'auditor')
  @ApiOperation({ summary: 'The latest version of each bid: empty until the deadline has passed and the bids are opened' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: await this.bids.latest(tenderId) };
  }
}
