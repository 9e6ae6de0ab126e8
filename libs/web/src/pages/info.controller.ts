import { Controller, Get, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WEB_SESSION_HOURS } from '#auth';
import { Public } from '#platform';
import { PageInterceptor } from '../rendering/page.interceptor.js';

/** Pages every public-sector service must have: how accessible it is, and what cookies it sets. */
@ApiExcludeController()
@Controller()
export class InfoController {
  @Get('accessibility')
  @Public()
  @Render('accessibility')
  @UseInterceptors(PageInterceptor)
  accessibility() {
    return { title: 'Accessibility statement' };
  }

  @Get('cookies')
  @Public()
  @Render('cookies')
  @UseInterceptors(PageInterceptor)
  cookies() {
    return { title: 'Cookies', sessionHours: WEB_SESSION_HOURS };
  }
}
