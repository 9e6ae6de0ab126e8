import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'commissioner@northmere.test' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'commonweal-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    description: 'Slug of the authority to act in. Needed when you belong to several; a provider user names the authority it is bidding to.',
    example: 'northmere',
  })
  @IsOptional()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, { message: 'authority must be an authority slug' })
  authority?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken must be a refresh token' })
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Seconds until the refresh token expires' }) refreshExpiresIn: number;
  @ApiPropertyOptional() authority?: { id: string; slug: string; name: string };
  @ApiPropertyOptional() provider?: { id: string; name: string };
  @ApiProperty({ type: [String] }) roles: string[];
}
