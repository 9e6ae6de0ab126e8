import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, DocumentUploadFor, documentView, type Principal, Public, PublishedRecords, type Upload, uuidParam } from '#platform';
import { Documents } from './documents.service.js';

@ApiTags('tenders')
@Controller('api/v1/tenders/:tenderId/documents')
export class DocumentsController {
  constructor(private readonly documents: Documents) {}

  @Post()
  @Access('commissioner')
  @DocumentUploadFor('tender document')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Attach a document to a draft or open tender (type checked from its bytes; sha256 kept)' })
  async attach(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Req() req: { file?: Upload }, @CurrentPrincipal() principal: Principal) {
    return documentView(await this.documents.attach(tenderId, req.file, principal));
  }

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The tender’s documents' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: (await this.documents.list(tenderId, false)).map(documentView) };
  }

  @Get(':id')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'Download one document' })
  download(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('id', uuidParam()) id: string) {
    return this.documents.download(tenderId, id, false);
  }
}

@ApiTags('public')
@Controller('api/v1/public/tenders/:tenderId/documents')
export class PublicDocumentsController {
  constructor(private readonly documents: Documents) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'The documents of a published tender' })
  async list(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return { items: (await this.documents.list(tenderId, true)).map(documentView) };
  }

  @Get(':id')
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'Download a document of a published tender' })
  download(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Param('id', uuidParam()) id: string) {
    return this.documents.download(tenderId, id, true);
  }
}
