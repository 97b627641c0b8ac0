/**
 * The IIS configuration schema model (what `<sectionSchema>` elements of IIS's
 * `*_schema.xml` files describe), independent of where it was loaded from.
 *
 * The bundled schema (server/data/schema.json) is derived from Microsoft's
 * schema files by scripts/generate-schema.js; at run time more schema folders
 * can be loaded and merged in (see schemaLoader.ts).
 */

export type AttributeType = 'bool' | 'enum' | 'flags' | 'uint' | 'int' | 'int64' | 'string' | 'timeSpan';

export interface EnumValue {
  readonly name: string;
  readonly value: number;
}

export interface AttributeSchema {
  readonly name: string;
  readonly type: AttributeType;
  readonly required?: boolean;
  readonly defaultValue?: string;
  readonly isUniqueKey?: boolean;
  readonly isCombinedKey?: boolean;
  readonly caseSensitive?: boolean;
  readonly encrypted?: boolean;
  readonly allowInfinite?: boolean;
  readonly timeSpanFormat?: 'string' | 'seconds' | 'minutes';
  readonly expanded?: boolean;
  /** Shown in hexadecimal by tools (no stock file uses it). */
  readonly displayHex?: boolean;
  readonly validationType?: string;
  readonly validationParameter?: string;
  /** enum / flags values */
  readonly values?: readonly EnumValue[];
  /** Set by a runtime-state extension (e.g. RscaExtension): computed, not stored. */
  readonly extension?: string;
}

export interface CollectionSchema {
  /** Names of the add directives (usually one: 'add'; several for e.g. system.web/authorization: allow,deny). */
  readonly addElement: readonly string[];
  readonly removeElement?: string;
  readonly clearElement?: string;
  readonly defaultElement?: string;
  /** false: parent entries come after the child's (prepend). Default true. */
  readonly mergeAppend?: boolean;
  readonly allowDuplicates?: boolean;
  readonly allowUnrecognizedAttributes?: boolean;
  /** Schema of each entry. */
  readonly attributes: readonly AttributeSchema[];
  readonly elements: readonly ElementSchema[];
  /**
   * A collection nested directly in each entry (e.g. a site's `application`
   * entries, an application's `virtualDirectory` entries).
   */
  readonly collection?: CollectionSchema;
}

export interface ElementSchema {
  readonly name: string;
  readonly attributes: readonly AttributeSchema[];
  readonly elements: readonly ElementSchema[];
  readonly collection?: CollectionSchema;
  readonly isCollectionDefault?: boolean;
  readonly allowUnrecognizedAttributes?: boolean;
  readonly extension?: string;
}

export interface SectionSchema extends ElementSchema {
  /** Full section path, e.g. system.webServer/security/access. */
  readonly name: string;
  /** Schema file names that contributed to this section (merged in order). */
  readonly sources: readonly string[];
}

export interface SchemaSet {
  get(sectionPath: string): SectionSchema | undefined;
  has(sectionPath: string): boolean;
  sections(): Iterable<SectionSchema>;
}
