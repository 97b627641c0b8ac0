/**
 * `password-not-encrypted` (warning): the password of a one-to-one or
 * many-to-one certificate mapping written in clear text. The schema marks it
 * `encrypted`: IIS Manager's Configuration Editor and appcmd store it as
 * `[enc:Provider:…:enc]` (docs samples also show `[enc:…:enc]` without a
 * provider name). The message never repeats the value.
 * Source: schema (password: caseSensitive, encrypted, default
 * "[enc:AesProvider::enc]"); ../shared/reference/notes/05-client-cert-mapping.md §5.1.
 */
import type { SectionInstance } from '../../hierarchy/configFile';
import type { Rule, RuleContext } from './rule';
import { childElements, getAttribute } from '../../syntax/xml';
import { IIS_MAPPING } from '../clientCertificates';

import { isEncryptedValue } from '../../iis/secrets';

export { isEncryptedValue };

export const mappingPasswordRule: Rule = {
  id: 'mapping-password',
  codes: ['password-not-encrypted'],
  checkSection(section: SectionInstance, ctx: RuleContext) {
    if (section.path !== IIS_MAPPING) return;
    for (const coll of childElements(section.element)) {
      if (coll.name !== 'oneToOneMappings' && coll.name !== 'manyToOneMappings') continue;
      for (const add of childElements(coll)) {
        if (add.name !== 'add') continue;
        const pw = getAttribute(add, 'password');
        if (!pw || pw.value === '' || isEncryptedValue(pw.value)) continue;
        const kind = coll.name === 'oneToOneMappings' ? 'one-to-one' : 'many-to-one';
        ctx.report({
          code: 'password-not-encrypted', start: pw.nameStart, end: pw.nameEnd,
          message: `The password of this ${kind} mapping is stored in clear text; set it with IIS Manager or appcmd to store it encrypted.`,
          detail: 'Anyone who can read this file can read the password. IIS Manager\'s Configuration Editor and appcmd set config (…/commit:apphost) store it encrypted as [enc:AesProvider:…:enc].',
        });
      }
    }
  },
};
