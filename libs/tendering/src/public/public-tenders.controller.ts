import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, Public, PublishedRecords, uuidParam } from '#platform';
import { PUBLIC_STATUSES, PublishedTenders } from './published-tenders.service.js';

export class PublicTendersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'the `next` of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be a UUID' })
  after?: string;

  @ApiPropertyOptional({ enum: PUBLIC_STATUSES, default: 'published', description: 'published = open for bids' })
  @IsOptional()
  @IsIn(PUBLIC_STATUSES, { message: `status must be one of: ${PUBLIC_STATUSES.join(', ')}` })
  status: (typeof PUBLIC_STATUSES)[number] = 'published';

  @ApiPropertyOptional({ description: 'only this authority (its short name)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'authority must be an authority short name, e.g. northmere' })
  authority?: string;
}

/**
 * Tenders as every authority published them, for providers (and anyone) to
 * find: no sign-in, every authority, never a draft.
 */
@ApiTags('public')
@Controller('api/v1/public/tenders')
export class PublicTendersController {
  constructor(private readonly tenders: PublishedTenders) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'Published tenders of every authority, newest first (open for bids unless status says otherwise)' })
  list(@Query() q: PublicTendersQuery) {
    return this.tenders.page(q);
  }

  @Get(':id')
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'One published tender with its evaluation model and the model’s hash' })
  one(@Param('id', uuidParam()) id: string) {
    return this.tenders.one(id);
  }

  @Post(':id/interest')
  @HttpCode(204)
  @Access('provider')
  @PublishedRecords()
  @ApiOperation({ summary: 'Follow a tender open for bids: deadline reminders, and its authority among those you bid to' })
  @ApiNoContentResponse({ description: 'Following (again or already)' })
  follow(@Param('id', uuidParam()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.tenders.follow(id, principal);
  }

  @Delete(':id/interest')
  @HttpCode(204)
  @Access('provider')
  @ApiOperation({ summary: 'Stop following a tender' })
  async unfollow(@Param('id', uuidParam()) id: string): Promise<void> {
    await this.tenders.unfollow(id);
  }
}
