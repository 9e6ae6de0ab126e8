import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';

export const API_KEY_ROLES = ['commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member'] as const;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Finance system export' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: API_KEY_ROLES, isArray: true, description: 'A key never gets the authority admin role' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_ROLES, { each: true, message: `each role must be one of: ${API_KEY_ROLES.join(', ')}` })
  roles: (typeof API_KEY_ROLES)[number][];
}
