import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { LEGAL_FORMS, type LegalForm, ORGANISATION_SIZES, type OrganisationSize, PASSWORD_RULE, PasswordField } from '#auth';

export class OrganisationDto {
  @ApiProperty({ example: 'Brightpath Community Interest Company' }) @IsString() @Length(1, 300) name: string;
  @ApiProperty({ enum: LEGAL_FORMS }) @IsIn(LEGAL_FORMS, { message: `legalForm must be one of: ${LEGAL_FORMS.join(', ')}` }) legalForm: LegalForm;
  @ApiProperty({ enum: ORGANISATION_SIZES })
  @IsIn(ORGANISATION_SIZES, { message: `size must be one of: ${ORGANISATION_SIZES.join(', ')}` })
  size: OrganisationSize;
  @ApiProperty({ description: 'Part of the voluntary and community sector' })
  @IsBoolean({ message: 'voluntaryCommunitySector must be true or false' })
  voluntaryCommunitySector: boolean;
  @ApiPropertyOptional({ example: '11223344' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{8}$/, { message: 'companiesHouseNumber must be the 8 characters Companies House gives, e.g. 01234567 or SC123456' })
  companiesHouseNumber?: string;
  @ApiPropertyOptional({ example: '1099887' })
  @IsOptional()
  @Matches(/^[0-9]{6,8}(-[0-9]{1,2})?$/, { message: 'charityNumber must be a charity register number, e.g. 1099887' })
  charityNumber?: string;
  @ApiPropertyOptional({ example: 'FCA mutuals register 7788' }) @IsOptional() @IsString() @Length(1, 200) otherRegistration?: string;
}

export class PersonDto {
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty() @IsEmail({}, { message: 'email must be an e-mail address' }) @Length(3, 254) email: string;
  @ApiProperty({ minLength: PASSWORD_RULE.min }) @IsString() @PasswordField() password: string;
}

export class RegisterProviderDto {
  // Nested objects are validated only when present: required here, or {} would reach the service without them.
  @ApiProperty({ type: OrganisationDto })
  @IsDefined({ message: 'organisation must be given: the organisation registering' })
  @IsObject({ message: 'organisation must be an object' })
  @ValidateNested()
  @Type(() => OrganisationDto)
  organisation: OrganisationDto;
  @ApiProperty({ type: PersonDto, description: 'The first person: they administer the organisation’s account and invite colleagues' })
  @IsDefined({ message: 'person must be given: the organisation’s first person' })
  @IsObject({ message: 'person must be an object' })
  @ValidateNested()
  @Type(() => PersonDto)
  person: PersonDto;
}
