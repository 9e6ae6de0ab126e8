import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class CreateAuthorityDto {
  @ApiProperty({ example: 'eastbrook', description: 'Lower-case letters, digits and hyphens; used in sign-in and URLs' })
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: 'slug must be 1-40 lower-case letters, digits or hyphens, not starting or ending with a hyphen',
  })
  slug: string;

  @ApiProperty({ example: 'Eastbrook Borough Council' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'E-mail of the first authority admin; a temporary password is returned once' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  adminEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  adminName?: string;
}
