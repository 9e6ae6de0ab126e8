import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { queryInt } from '#platform';

/** The auditor's filters over the audit log; every one optional, all of them together. */
export class AuditEventsQuery {
  @ApiPropertyOptional({ description: 'Events on or after this day (London time)', example: '2026-01-01' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Events on or before this day (London time)', example: '2026-12-31' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'The person who acted (their user id)' })
  @IsOptional()
  @IsUUID('all', { message: 'actor must be a person’s id' })
  actor?: string;

  @ApiPropertyOptional({ description: 'The kind of record acted on, e.g. tender, contract, bid', example: 'tender' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,59}$/, { message: 'entityType must be a kind of record, e.g. tender' })
  entityType?: string;

  @ApiPropertyOptional({ description: 'The record acted on (its id)' })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a record’s id' })
  entityId?: string;

  @ApiPropertyOptional({ description: 'What was done, exactly as the log names it (e.g. award.approved), or a prefix ending in a full stop (award.)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z][a-z0-9_.-]*$/, { message: 'action must be an action such as award.approved, or a prefix such as award.' })
  action?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'Events recorded before this one in the chain (the `next` of the previous page)' })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'before must be a sequence number' })
  @Min(1)
  before?: number;
}
