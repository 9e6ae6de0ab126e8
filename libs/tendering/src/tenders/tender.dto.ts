import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { queryInt } from '#platform';
import { type Tender, TENDER_STATUSES, type TenderStatus } from './tender.entity.js';

export class ListTendersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Return tenders after this id (the `next` of the previous page)' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be a UUID' })
  after?: string;

  @ApiPropertyOptional({ enum: TENDER_STATUSES })
  @IsOptional()
  @IsIn(TENDER_STATUSES, { message: `status must be one of: ${TENDER_STATUSES.join(', ')}` })
  status?: TenderStatus;
}

export class TenderView {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: TENDER_STATUSES }) status: TenderStatus;
  @ApiPropertyOptional({ description: 'Decimal string', example: '1250000.00', nullable: true }) estimatedValue: string | null;
  @ApiProperty({ example: 'GBP' }) currency: string;
  @ApiPropertyOptional({ nullable: true }) publishedAt: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'UTC' }) submissionDeadline: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'UTC; questions close then (the submission deadline when unset)' }) clarificationDeadline: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'The policy pack version the tender was built under (0: the built-in defaults)' }) policyPackVersion: number;
  @ApiPropertyOptional({ nullable: true, description: 'sha256 of the evaluation model, fixed at publication' }) modelHash: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The public character framework version in force at publication (0: the default); bids are judged by it',
  })
  publicCharacterFrameworkVersion: number | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The social value catalogue version in force at publication (0: the built-in one); bids’ commitments are valued with it',
  })
  socialValueCatalogueVersion: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'The commissioning cycle the tender comes from' }) cycleId: string | null;

  /** What a view shows, and so all a list of them reads (TendersController.list). */
  static readonly READS = [
    'id',
    'reference',
    'title',
    'description',
    'status',
    'estimatedValue',
    'currency',
    'publishedAt',
    'submissionDeadline',
    'clarificationDeadline',
    'createdAt',
    'version',
    'policyPackVersion',
    'modelHash',
    'publicCharacterFrameworkVersion',
    'socialValueCatalogueVersion',
    'cycleId',
  ] as const satisfies readonly (keyof Tender)[];

  static of(t: Pick<Tender, (typeof TenderView.READS)[number]>): TenderView {
    return {
      id: t.id,
      reference: t.reference,
      title: t.title,
      description: t.description,
      status: t.status,
      estimatedValue: t.estimatedValue,
      currency: t.currency,
      publishedAt: t.publishedAt?.toISOString() ?? null,
      submissionDeadline: t.submissionDeadline?.toISOString() ?? null,
      clarificationDeadline: t.clarificationDeadline?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(),
      version: t.version,
      policyPackVersion: t.policyPackVersion,
      modelHash: t.modelHash,
      publicCharacterFrameworkVersion: t.publicCharacterFrameworkVersion,
      socialValueCatalogueVersion: t.socialValueCatalogueVersion,
      cycleId: t.cycleId,
    };
  }
}
