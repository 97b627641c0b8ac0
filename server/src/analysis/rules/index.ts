/** The rule registry: every rule the engine runs, in order. */
import type { Rule } from './rule';
import { xmlSyntaxRule } from './xmlSyntax';
import { ignoredAtLevelRule } from './ignoredAtLevel';
import { unknownLocationPathRule } from './unknownLocationPath';

export const RULES: readonly Rule[] = [
  xmlSyntaxRule,
  ignoredAtLevelRule,
  unknownLocationPathRule,
];

export function ruleForCode(code: string): Rule | undefined {
  return RULES.find((r) => r.codes.includes(code));
}
