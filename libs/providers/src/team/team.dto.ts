import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsString, Length } from 'class-validator';
import type { ProviderRole } from '#auth';

export const PROVIDER_ROLES: readonly ProviderRole[] = ['provider_admin', 'bid_writer'];

export class InviteColleagueDto {
  @ApiProperty() @IsEmail({}, { message: 'email must be an e-mail address' }) @Length(3, 254) email: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: PROVIDER_ROLES, isArray: true, example: ['bid_writer'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'roles needs at least one role' })
  @ArrayMaxSize(2)
  @IsIn(PROVIDER_ROLES, { each: true, message: `each role must be one of: ${PROVIDER_ROLES.join(', ')}` })
  roles: ProviderRole[];
}
