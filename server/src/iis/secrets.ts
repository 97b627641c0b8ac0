/**
 * Which attribute values are secrets, so that views that print configuration values (the effective configuration,
 * `--effective`) mask them unless the user asks to see them. Facts, each with its source:
 *
 * - The schema marks the attributes IIS stores encrypted with `encrypted="true"` (23 attributes of the stock schema
 *   files: `processModel@password`, `virtualDirectory@password`, FTP's `anonymousAuthentication@password` and
 *   `activeDirectory@adPassword`, ARR's `clientCertPassword`, `webFarm@adminPassword`, the client-certificate mappings'
 *   `password`, …); such values are written as `[enc:Provider:cipher:enc]`.
 *   Source: ../shared/reference/notes/01-schema-format.md (the `encrypted` flag, its 23 attributes and the stored form);
 *   ../shared/reference/notes/05-client-cert-mapping.md (the mappings' password).
 * - Attributes the schema does not mark but that hold a password or key in clear text (ASP.NET's and .NET's schemas,
 *   FX_schema.xml / ASPNET_schema.xml): `system.web/identity@password`, `system.web/processModel@password`,
 *   `system.web/authentication/forms/credentials/user@password`, `system.net/mailSettings/smtp/network@password`,
 *   `system.web/machineKey@validationKey` and `@decryptionKey`. Named here by the attribute name, so a rule covers
 *   every element with it: a name ending in "password" (case-insensitive), `validationKey`, `decryptionKey`.
 * - Connection strings: `connectionStrings/add@connectionString`, `system.web/sessionState@sqlConnectionString` and
 *   `@stateConnectionString` hold ADO.NET connection strings, whose `Password=` / `Pwd=` parts are the secret
 *   (Microsoft's reference of SqlConnection.ConnectionString: the keyword `Password`, with its synonym `PWD`;
 *   keywords are case-insensitive, values may be quoted). Only those parts are masked; the server and database stay
 *   readable.
 *
 * A value that is already encrypted (`[enc:…:enc]`) is not a secret in clear text and is shown as written.
 */
import type { AttributeSchema } from './schema';

/** How a secret attribute is masked: the whole value, or the password parts of a connection string. */
export type SecretKind = 'whole' | 'connectionString';

/** What replaces a masked value. */
export const MASK = '********';

const WHOLE_NAMES = /password$|^(validationKey|decryptionKey)$/i;
const CONNECTION_STRING_NAMES = /connectionString$/i;

/** Whether an attribute holds a secret (by its schema's `encrypted` flag, else by its name), and how to mask it. */
export function secretKind(name: string, schema?: AttributeSchema): SecretKind | undefined {
  if (schema?.encrypted || WHOLE_NAMES.test(name)) return 'whole';
  if (CONNECTION_STRING_NAMES.test(name)) return 'connectionString';
  return undefined;
}

const ENCRYPTED = /^\[enc:[\s\S]*:enc\]$/;

/** An encrypted value as IIS writes it (`[enc:AesProvider:…:enc]`): not a secret in clear text. */
export function isEncryptedValue(value: string): boolean {
  return ENCRYPTED.test(value.trim());
}

/**
 * The value with its secret masked: the whole value, or the value of every `Password=`/`Pwd=` key of a connection
 * string (quoted values too; the rest of the string as written). Empty values and encrypted values are kept.
 * Linear in the value's length.
 */
export function maskSecret(value: string, kind: SecretKind): string {
  if (value === '' || isEncryptedValue(value)) return value;
  if (kind === 'whole') return MASK;
  let out = '';
  let i = 0;
  const n = value.length;
  while (i < n) {
    // One `key=value` part, up to the next ';' outside quotes.
    const eq = value.indexOf('=', i);
    if (eq < 0) { out += value.slice(i); break; }
    const semi = value.indexOf(';', i);
    if (semi >= 0 && semi < eq) { out += value.slice(i, semi + 1); i = semi + 1; continue; }
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (j < n && (value[j] === ' ' || value[j] === '\t')) j++;
    let end: number;
    if (value[j] === '"' || value[j] === "'") {
      const q = value[j];
      end = j + 1;
      // A doubled quote inside a quoted value stands for one quote.
      for (;;) {
        const k = value.indexOf(q, end);
        if (k < 0) { end = n; break; }
        if (value[k + 1] === q) { end = k + 2; continue; }
        end = k + 1;
        break;
      }
      const s = value.indexOf(';', end);
      end = s < 0 ? n : s;
    } else {
      const s = value.indexOf(';', j);
      end = s < 0 ? n : s;
    }
    const secret = key === 'password' || key === 'pwd';
    out += secret && value.slice(j, end).trim() !== '' ? value.slice(i, j) + MASK : value.slice(i, end);
    i = end;
    if (i < n) { out += ';'; i++; }
  }
  return out;
}

/** The value as a view may print it: masked when the attribute holds a secret, unless `show` is set. */
export function printableValue(name: string, value: string, schema: AttributeSchema | undefined, show: boolean): string {
  if (show) return value;
  const kind = secretKind(name, schema);
  return kind ? maskSecret(value, kind) : value;
}
