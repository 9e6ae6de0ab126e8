import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginThrottleGuard } from '#auth';
import { OwnTransactions, Public } from '#platform';
import { RegisterProviderDto } from './register-provider.dto.js';
import { ProviderRegistration } from './provider-registration.service.js';

@ApiTags('providers')
@Controller('api/v1/providers')
export class ProviderRegistrationController {
  constructor(private readonly registration: ProviderRegistration) {}

  @Post()
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({ summary: 'Register a provider organisation and its first person (who administers it); then sign in as usual' })
  @ApiCreatedResponse({ description: 'The organisation and the person' })
  @ApiConflictResponse({ description: 'The e-mail address already has an account' })
  register(@Body() dto: RegisterProviderDto) {
    return this.registration.register(dto);
  }
}
