import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { COPRODUCTION_KINDS } from '../core/coproduction.js';

/** Citizens' input as a person sends it: admitted here, checked whole by the pure rules (core/coproduction.ts). */
export class CoproductionInputDto {
  @ApiProperty({ example: '2026-11-30', description: 'The day (or the last day of the period) the citizens gave their time' })
  @Allow()
  occurredOn: string;
  @ApiProperty({ enum: COPRODUCTION_KINDS, description: 'Individual (a volunteer, a peer mentor) or collective (a residents’ group, a panel)' })
  @Allow()
  kind: string;
  @ApiProperty({ example: '36.00', description: 'Volunteer hours in all' })
  @Allow()
  hours: string;
  @ApiProperty({ example: 6, description: 'How many people took part' })
  @Allow()
  people: number;
  @ApiProperty({ maxLength: 500 })
  @Allow()
  description: string;
}
