import { Body, Controller, Get, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, DocumentUploadFor, type Principal, type Upload, uuidParam } from '#platform';
import { CreateLinkEvidenceDto, EvidenceFieldsDto, SelfAssessmentDto, UpdateEvidenceDto } from './evidence.dto.js';
import { EvidenceLibrary, evidenceView } from './evidence-library.service.js';
import { DEFAULT_FRAMEWORK, LEVELS } from '../framework/framework.js';
import { EVIDENCE_TYPES } from './snapshot.js';
import { SelfAssessments } from './self-assessments.service.js';

/** The provider's evidence library: its own, reused with every authority. */
@ApiTags('public character')
@Controller('api/v1/provider/evidence')
export class ProviderEvidenceController {
  constructor(private readonly library: EvidenceLibrary) {}

  @Get()
  @Access('provider')
  @ApiQuery({ name: 'withdrawn', required: false, description: 'true to include withdrawn items' })
  @ApiOperation({ summary: 'Your evidence library, newest first; each item says whether it has expired' })
  async list(@Query('withdrawn') withdrawn?: string) {
    return { items: (await this.library.list(withdrawn === 'true')).map((e) => evidenceView(e)), evidenceTypes: EVIDENCE_TYPES };
  }

  @Post()
  @Access('provider')
  @ApiOperation({ summary: 'Add a link to your library (a policy on your website, a register entry)' })
  async addLink(@Body() dto: CreateLinkEvidenceDto, @CurrentPrincipal() principal: Principal) {
    return evidenceView(await this.library.addLink(dto, principal));
  }

  @Post('documents')
  @Access('provider')
  @DocumentUploadFor('evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'title', 'evidenceType'],
      properties: {
        file: { type: 'string', format: 'binary' },
        title: { type: 'string' },
        evidenceType: { type: 'string', enum: [...EVIDENCE_TYPES] },
        issuedOn: { type: 'string', format: 'date' },
        expiresOn: { type: 'string', format: 'date' },
      },
    },
  })
  @ApiOperation({ summary: 'Add a document to your library (its file never changes; a new version is a new item)' })
  async addDocument(@Body() dto: EvidenceFieldsDto, @Req() req: { file?: Upload }, @CurrentPrincipal() principal: Principal) {
    return evidenceView(await this.library.addDocument(dto, req.file, principal));
  }

  @Get(':id')
  @Access('provider')
  @ApiOperation({ summary: 'One item of your library' })
  async get(@Param('id', uuidParam()) id: string) {
    return evidenceView(await this.library.get(id));
  }

  @Patch(':id')
  @Access('provider')
  @ApiOperation({ summary: 'Change an item’s description or dates, or withdraw it; bids already sent keep the copy they took' })
  async update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateEvidenceDto) {
    return evidenceView(await this.library.update(id, dto));
  }

  @Get(':id/document')
  @Access('provider')
  @ApiOperation({ summary: 'Download the document of one of your items' })
  download(@Param('id', uuidParam()) id: string) {
    return this.library.download(id);
  }
}

/** The provider's self-assessment against the public character tests. */
@ApiTags('public character')
@Controller('api/v1/provider/self-assessment')
export class SelfAssessmentController {
  constructor(private readonly assessments: SelfAssessments) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your self-assessment: the default tests with their descriptors, and your level, narrative and evidence on each' })
  async get() {
    const answers = await this.assessments.answers();
    return { levels: LEVELS, tests: DEFAULT_FRAMEWORK.tests, answers };
  }

  @Put(':testCode')
  @Access('provider')
  @ApiOperation({ summary: 'Save your level, narrative and evidence on one test (also tests an authority added, by their code)' })
  save(@Param('testCode') testCode: string, @Body() dto: SelfAssessmentDto, @CurrentPrincipal() principal: Principal) {
    return this.assessments.save(testCode, dto, principal);
  }
}
