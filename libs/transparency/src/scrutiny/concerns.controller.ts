import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OwnTransactions, ProblemException, Public, PublishedRecords, uuidParam } from '#platform';
import { OCID } from '../ocds/core/identifiers.js';
import { ConcernThrottleGuard } from './concern-throttle.guard.js';
import { ConfirmSupportDto, RaiseConcernDto, SupportConcernDto } from './concern.dto.js';
import { Concerns } from './concerns.service.js';

/** Concerns about contracts, for anyone (issue 16, item 5): raise one, support one, confirm from the e-mailed link. */
@ApiTags('public')
@Controller('api/v1/public/concerns')
export class ConcernsController {
  constructor(private readonly concerns: Concerns) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'The confirmed concerns about one contracting process, with how many support each and whether a scrutiny case is open (never who)' })
  list(@Query('ocid') ocid?: string) {
    if (!ocid || !OCID.test(ocid))
      throw new ProblemException(400, 'validation', 'The request is not valid', 'ocid must be the ocid of a published contracting process', {
        errors: [{ field: 'ocid', rule: 'ocid', message: 'ocid must be the ocid of a published contracting process' }],
      });
    return this.concerns.forProcess(ocid);
  }

  @Post()
  @HttpCode(202)
  @Public()
  @UseGuards(ConcernThrottleGuard)
  @OwnTransactions()
  @ApiOperation({
    summary:
      'Raise a concern about a published contract: it is public once you confirm it from the link e-mailed to you; your name and address are seen only by the authority’s scrutiny members',
  })
  @ApiAcceptedResponse({ description: 'A link to confirm has been e-mailed' })
  raise(@Body() dto: RaiseConcernDto) {
    return this.concerns.raise(dto);
  }

  @Post(':id/supporters')
  @HttpCode(202)
  @Public()
  @UseGuards(ConcernThrottleGuard)
  @OwnTransactions()
  @ApiOperation({
    summary:
      'Support a concern: counted once per address, when confirmed from the e-mailed link (the answer is the same whether or not the address has supported it before)',
  })
  @ApiAcceptedResponse({ description: 'A link to confirm has been e-mailed, if the address can be used' })
  support(@Param('id', uuidParam()) id: string, @Body() dto: SupportConcernDto) {
    return this.concerns.support(id, dto);
  }

  @Post('confirmations')
  @HttpCode(200)
  @Public()
  @OwnTransactions()
  @ApiOperation({
    summary:
      'Confirm a concern or a supporter from the e-mailed link’s authority and token; a scrutiny case opens when enough people support the concern within the authority’s window',
  })
  confirm(@Body() dto: ConfirmSupportDto) {
    return this.concerns.confirm(dto);
  }
}
