/** The rule registry: every rule the engine runs, in order. */
import type { Rule } from './rule';
import { xmlSyntaxRule } from './xmlSyntax';
import { ignoredAtLevelRule } from './ignoredAtLevel';
import { unknownLocationPathRule } from './unknownLocationPath';
import { unknownSectionRule } from './unknownSection';
import { unknownNameRule } from './unknownName';
import { invalidValueRule } from './invalidValue';
import { missingRequiredAttributeRule } from './missingRequiredAttribute';
import { duplicateCollectionEntryRule } from './duplicateCollectionEntry';
import { duplicateSectionRule } from './duplicateSection';
import { certificateValueRule } from './certificateValue';
import { certificateMappingRule } from './certificateMapping';
import { sslFlagsRule } from './sslFlags';
import { manyToOneRulesRule } from './manyToOneRules';
import { mappingPasswordRule } from './mappingPassword';
import { noAuthenticationPossibleRule } from './noAuthenticationPossible';
import { sectionNotAllowedRule } from './sectionNotAllowed';
import { sectionLockedRule } from './sectionLocked';
import { lockViolationRule } from './lockViolation';
import { locationConflictRule } from './locationConflict';
// The server model's rules (what IIS does when the site starts and the request arrives).
import { poolSettingsRule } from './poolSettings';
import { bindingsRule } from './bindings';
import { sslRequiredRule } from './sslRequired';
import { handlerModulesRule } from './handlerModules';
import { integratedModeRule } from './integratedMode';
import { aspNetCoreRule } from './aspNetCore';
import { requestLimitsRule } from './requestLimits';
import { webdavRule } from './webdav';
import { runtimeMismatchRule } from './runtimeMismatch';
import { httpErrorsPathRule } from './httpErrorsPath';
// File structure .NET requires.
import { fileStructureRule } from './fileStructure';
import { configSourceRule } from './configSource';
import { rewritePatternsRule } from './rewritePatterns';
import { rewriteReferencesRule } from './rewriteReferences';
import { rewriteServerVariablesRule } from './rewriteServerVariables';
import { rewriteProxyRule } from './rewriteProxy';
import { rewriteRedirectLoopRule } from './rewriteRedirectLoop';

export const RULES: readonly Rule[] = [
  xmlSyntaxRule,
  ignoredAtLevelRule,
  unknownLocationPathRule,
  unknownSectionRule,
  unknownNameRule,
  invalidValueRule,
  missingRequiredAttributeRule,
  duplicateCollectionEntryRule,
  duplicateSectionRule,
  certificateValueRule,
  certificateMappingRule,
  sslFlagsRule,
  manyToOneRulesRule,
  mappingPasswordRule,
  noAuthenticationPossibleRule,
  sectionNotAllowedRule,
  sectionLockedRule,
  lockViolationRule,
  locationConflictRule,
  poolSettingsRule,
  bindingsRule,
  sslRequiredRule,
  handlerModulesRule,
  integratedModeRule,
  aspNetCoreRule,
  requestLimitsRule,
  webdavRule,
  runtimeMismatchRule,
  httpErrorsPathRule,
  fileStructureRule,
  configSourceRule,
  rewritePatternsRule,
  rewriteReferencesRule,
  rewriteServerVariablesRule,
  rewriteProxyRule,
  rewriteRedirectLoopRule,
];

export function ruleForCode(code: string): Rule | undefined {
  return RULES.find((r) => r.codes.includes(code));
}
