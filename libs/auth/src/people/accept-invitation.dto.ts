import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PasswordField } from './password-field.js';

/** Accepting an invitation, to a provider's team or an authority's staff. */
export class AcceptInvitationDto {
  @ApiPropertyOptional({ description: 'For a new account: the password to sign in with. Leave out when signed in as the person invited.' })
  @IsOptional()
  @IsString()
  @PasswordField()
  password?: string;

  @ApiPropertyOptional({ description: 'Your name as colleagues will see it (defaults to the name in the invitation)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
