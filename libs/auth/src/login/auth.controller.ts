import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Access, ALL_ROLES, OwnTransactions, type Principal, Public, RequestDb } from '#platform';
import { CurrentPrincipal } from '../access/current-principal.decorator.js';
import { Authority } from '../entities/authority.entity.js';
import { ProviderOrganisation } from '../entities/provider-organisation.entity.js';
import { User } from '../entities/user.entity.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, TokenPairDto } from './login.dto.js';
import { LoginThrottleGuard } from './login-throttle.guard.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly db: RequestDb,
  ) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({ summary: 'Sign in with e-mail and password; returns a short-lived access token and a refresh token' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({ description: 'Rate limited, or the account is locked after repeated failures' })
  @ApiForbiddenResponse({
    description: '`password-sign-in-off`: the authority signs its staff in through its own identity provider only (`signInUrl` starts it in a browser)',
  })
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Public()
  @OwnTransactions()
  @ApiOperation({ summary: 'Exchange a refresh token (once) for a new pair' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Public()
  @OwnTransactions()
  @ApiOperation({ summary: 'Revoke a refresh token and every token rotated from the same sign-in' })
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Who the token belongs to and where it acts' })
  async me(@CurrentPrincipal() principal: Principal) {
    const em = this.db.manager;
    const user = principal.userId ? await em.findOne(User, { where: { id: principal.userId } }) : null;
    const authority = principal.tenantId ? await em.findOne(Authority, { where: { id: principal.tenantId } }) : null;
    const provider = principal.providerId ? await em.findOne(ProviderOrganisation, { where: { id: principal.providerId } }) : null;
    return {
      kind: principal.kind,
      user: user && { id: user.id, email: user.email, displayName: user.displayName },
      apiKeyId: principal.apiKeyId,
      authority: authority && { id: authority.id, slug: authority.slug, name: authority.name },
      provider: provider && { id: provider.id, name: provider.name, legalForm: provider.legalForm },
      roles: principal.roles,
    };
  }
}
