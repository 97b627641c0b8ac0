/**
 * `invalid-value`: an attribute value that its schema type or validator
 * rejects (IIS answers 500.19 "The 'x' attribute is invalid", .NET "The value
 * of the property 'x' cannot be parsed"). The message says what is allowed;
 * the quick fixes replace the value with the closest valid ones. Facts and
 * leniency: see iis/values.ts. Extra explanations for specific values come
 * from iis/valueNotes.ts.
 *
 * Left alone: `%VARIABLE%` references and encrypted `[enc:…:enc]` values,
 * runtime-state (extension) attributes, unknown attributes (another rule),
 * unchecked sections (see schemaWalk.ts).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic } from '../types';
import { attributeSchema } from '../../iis/schemaLoader';
import { isMetaAttribute } from '../../iis/meta';
import { checkValue } from '../../iis/values';
import { valueNote, valueSynonym } from '../../iis/valueNotes';
import { encodeAttributeValue } from '../../syntax/xml';
import { SchemaPlace, isManagedSection, schemaIndex } from '../schemaWalk';
import { shown } from '../messages';

interface Data {
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly suggestions: readonly string[];
  /** The suggestions are merely the nearest allowed values (none is close): no fix is preferred. */
  readonly nearestOnly?: boolean;
}

export const invalidValueRule: Rule = {
  id: 'invalid-value',
  codes: ['invalid-value'],
  checkPlace(place: SchemaPlace, ctx: RuleContext) {
    const managed = isManagedSection(place.sectionSchema);
    for (const a of place.element.attributes) {
      if (isMetaAttribute(a.name)) continue;
      const schema = attributeSchema(place.node, a.name);
      if (!schema || schema.extension) continue;
      const p = checkValue(schema, a.value, { managed });
      if (!p) continue;
      const note = valueNote(place.section.path, a.name, a.value);
      const hasValue = a.valueEnd > a.valueStart;
      // The value another vocabulary uses for the same thing (customErrors' "On" for httpErrors' "Custom") comes first.
      const synonym = valueSynonym(place.section.path, a.name, a.value);
      const close = synonym ? [synonym, ...p.suggestions.filter((s) => s !== synonym)] : p.suggestions;
      // Every quick fix offers a valid value: the close ones, else the nearest of all allowed values.
      const fixes = close.length ? close : p.nearest ?? [];
      const suggestion = close[0];
      const hint = suggestion !== undefined && !p.message.includes(`"${suggestion}"`) ? `; did you mean "${shown(suggestion)}"?` : '.';
      ctx.report({
        code: 'invalid-value',
        start: hasValue ? a.valueStart : a.nameStart,
        end: hasValue ? a.valueEnd : a.nameEnd,
        data: { valueStart: a.valueStart, valueEnd: a.valueEnd, suggestions: a.quote ? fixes : [], ...(close.length ? {} : { nearestOnly: true }) } satisfies Data,
        message: `Invalid value for '${a.name}' of <${place.element.name}>: ${p.message}${hint}`,
        // The allowed values are listed once, by the hover of the value (schemaHover.ts); the detail says what fails.
        detail: `${managed ? '.NET, which reads this section, stops with a configuration error ("The value of the property cannot be parsed").' : 'IIS answers 500.19 ("The attribute is invalid").'}${note ? ` ${note}` : ''}`,
      });
    }
  },
  fixes(diagnostic: Diagnostic): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.suggestions.length || data.valueEnd < data.valueStart) return [];
    return data.suggestions.map((s, i) => ({
      title: `Change to "${s}"`, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0 && !data.nearestOnly,
      edits: [{ start: data.valueStart, end: data.valueEnd, newText: encodeAttributeValue(s) }],
    }));
  },
};
