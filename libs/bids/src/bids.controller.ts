import { Body, Controller, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, DocumentUploadFor, documentView, type Principal, PublishedRecords, type Upload, uuidParam } from '#platform';
import { SubmitBidDto } from './bid.dto.js';
import { Bids } from './bids.service.js';
import { BidDocuments } from './bid-documents.service.js';
import { BidReceipts } from './receipts/bid-receipts.service.js';
import { receiptDownload } from './receipts/receipt-not-kept.problem.js';

@ApiTags('bids')
@Controller('api/v1/public/tenders/:tenderId/bids')
export class ProviderBidsController {
  constructor(
    private readonly bids: Bids,
    private readonly documents: BidDocuments,
    private readonly receipts: BidReceipts,
  ) {}

  @Post('documents')
  @Access('provider')
  @PublishedRecords()
  @DocumentUploadFor('bid document')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload a document for your bid before the deadline; name its id in the submission’s `documents`' })
  async upload(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Req() req: { file?: Upload }, @CurrentPrincipal() principal: Principal) {
    return documentView(await this.documents.upload(tenderId, req.file, principal));
  }

  @Get('documents/:id')
  @Access('provider')
  @ApiOperation({ summary: 'Download one of your own bid documents' })
  download(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('id', uuidParam()) id: string) {
    return this.documents.download(tenderId, id);
  }

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

  @Get(':id/receipt')
  @Access('provider')
  @PublishedRecords()
  @ApiProduces('application/zip')
  @ApiOperation({
    summary:
      'One version you sent, as a zip: receipt.json (exactly the bytes whose sha256 is the receipt), the documents it included, and README.txt on how to check them',
  })
  async receipt(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('id', uuidParam()) id: string): Promise<StreamableFile> {
    return receiptDownload(await this.receipts.bundle(tenderId, id));
  }
}

@ApiTags('bids')
@Controller('api/v1/tenders/:tenderId/bids')
export class AuthorityBidsController {
  constructor(
    private readonly bids: Bids,
    private readonly documents: BidDocuments,
  ) {}

  @Get('documents/:id')
  @Access('commissioner', 'evaluator', 'auditor')
  @ApiOperation({ summary: 'Download a bid document: not found until the deadline has passed and the bids are opened' })
  download(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('id', uuidParam()) id: string) {
    return this.documents.download(tenderId, id);
  }

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
