import { Module } from '@nestjs/common';
import { EvidenceLibrary } from './evidence/evidence-library.service.js';
import { ProviderEvidenceController, SelfAssessmentController } from './evidence/provider-evidence.controller.js';
import { SelfAssessments } from './evidence/self-assessments.service.js';
import { PublicCharacterFrameworks } from './framework/frameworks.service.js';
import { PublicCharacterController } from './framework/public-character.controller.js';
import { FrameworkPagesController } from './pages/framework-pages.controller.js';
import { PublicCharacterPagesController } from './pages/self-assessment-pages.controller.js';

/** Public character: the authority's framework of tests, and each provider's evidence library and self-assessment (API and pages). */
@Module({
  controllers: [PublicCharacterController, ProviderEvidenceController, SelfAssessmentController, PublicCharacterPagesController, FrameworkPagesController],
  providers: [PublicCharacterFrameworks, EvidenceLibrary, SelfAssessments],
  exports: [PublicCharacterFrameworks, EvidenceLibrary, SelfAssessments],
})
export class PublicCharacterModule {}
