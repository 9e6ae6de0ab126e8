import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Access, uuidParam } from '#platform';
import type { EmailDelivery } from './email-delivery.entity.js';
import { SentEmails } from './sent-emails.service.js';

export class ListEmailsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 25;

  @ApiPropertyOptional({ description: 'id of the last e-mail of the previous page' })
  @IsOptional()
  @IsUUID()
  after?: string;
}

export class EmailSummary {
  @ApiProperty() id: string;
  @ApiProperty() template: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['smtp', 'folder'] }) transport: string;
  @ApiProperty() sentAt: string;

  static of(d: EmailDelivery): EmailSummary {
    return { id: d.id, template: d.template, to: d.toAddress, subject: d.subject, transport: d.transport, sentAt: d.sentAt.toISOString() };
  }
}

/** E-mails sent on the authority's behalf: what it told whom, and when. */
@ApiTags('notifications')
@Controller('api/v1/notifications/emails')
export class EmailsController {
  constructor(private readonly emails: SentEmails) {}

  @Get()
  @Access('authority_admin')
  @ApiOperation({ summary: 'E-mails sent for your authority, newest first, in pages' })
  async list(@Query() query: ListEmailsQuery) {
    const { items, next } = await this.emails.page(query.limit, query.after);
    return { items: items.map(EmailSummary.of), next };
  }

  @Get(':id')
  @Access('authority_admin')
  @ApiOperation({ summary: 'One e-mail with its plain-text and HTML parts' })
  async get(@Param('id', uuidParam()) id: string) {
    const d = await this.emails.one(id);
    return { ...EmailSummary.of(d), messageId: d.messageId, text: d.textBody, html: d.htmlBody };
  }
}
