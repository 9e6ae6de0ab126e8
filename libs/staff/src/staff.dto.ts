import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsString, Length, Matches } from 'class-validator';
import { AUTHORITY_ROLES, type AuthorityRole } from '#platform';

const ROLES_RULE = { message: `each role must be one of: ${AUTHORITY_ROLES.join(', ')}` };

export class InviteStaffDto {
  @ApiProperty({ example: 'sam.jones@northmere.gov.uk' }) @IsEmail({}, { message: 'email must be an e-mail address' }) @Length(3, 254) email: string;
  @ApiProperty({ example: 'Sam Jones' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: AUTHORITY_ROLES, isArray: true, example: ['commissioner'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Select at least one role' })
  @ArrayUnique()
  @IsIn(AUTHORITY_ROLES, { each: true, ...ROLES_RULE })
  roles: AuthorityRole[];
}

export class ChangeRolesDto {
  @ApiProperty({ enum: AUTHORITY_ROLES, isArray: true, example: ['commissioner', 'evaluator'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Select at least one role; to take every role away, deactivate the person' })
  @ArrayUnique()
  @IsIn(AUTHORITY_ROLES, { each: true, ...ROLES_RULE })
  roles: AuthorityRole[];
}

/** An authority set up in the platform operator's page, with the person invited to be its first admin. */
export class NewAuthorityDto {
  @ApiProperty({ example: 'Eastbrook Borough Council' }) @IsString() @Length(1, 200, { message: 'Enter a name of up to 200 characters' }) name: string;
  @ApiProperty({ example: 'eastbrook' })
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: 'Enter a short name of up to 40 lower-case letters, digits and hyphens, for example eastbrook',
  })
  slug: string;
  @ApiProperty({ example: 'Sam Jones' }) @IsString() @Length(1, 200, { message: 'Enter a name of up to 200 characters' }) adminName: string;
  @ApiProperty({ example: 'sam.jones@eastbrook.gov.uk' })
  @IsEmail({}, { message: 'Enter an e-mail address in the correct format, like name@example.gov.uk' })
  @Length(3, 254)
  adminEmail: string;
}
