import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { queryInt } from '#platform';
import { SLUG } from '../core/identifiers.js';

export class OcdsFeedQuery {
  @ApiPropertyOptional({ description: 'One authority’s releases only (its slug)', example: 'northmere' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: 'authority must be an authority’s slug, e.g. northmere' })
  authority?: string;

  @ApiPropertyOptional({ description: 'Releases after this position in the feed (the `links.next` of the previous page carries it)', minimum: 0 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'after must be a whole number' })
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit: number = 100;
}
