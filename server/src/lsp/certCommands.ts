/**
 * `workspace/executeCommand` for "Insert client certificate mapping from
 * file…". The client reads the certificate file (the server never reads files
 * for this) and sends its bytes; the server turns them into the single-line
 * base64 IIS stores, computes where the `<add>` goes (analysis/insertMapping.ts)
 * and applies the edit with `workspace/applyEdit`, pinned to the document
 * version it analysed.
 *
 * Command: `iisConfig.server.insertClientCertificateMapping`, one argument
 * `{ uri, position, fileContent }` (`fileContent`: the file's bytes in base64).
 * Result: `{ applied: boolean, message: string }` — the message is for the user
 * (what was inserted, or why nothing was); it names the certificate's subject
 * and thumbprint, never file contents.
 */
import { ResponseError, ErrorCodes, Position } from 'vscode-languageserver';
import type { ServerFeature } from './feature';
import { readCertificateFile } from '../iis/certificates';
import { insertMappingEdits } from '../analysis/insertMapping';
import { toLspEdits } from './convert';
import { base64ToBytes } from '../util/base64';

export const INSERT_MAPPING_COMMAND = 'iisConfig.server.insertClientCertificateMapping';

export interface InsertMappingArgs {
  readonly uri: string;
  readonly position: Position;
  /** The certificate file's bytes, base64-encoded (DER or PEM text). */
  readonly fileContent: string;
}

export interface InsertMappingResponse {
  readonly applied: boolean;
  readonly message: string;
}

function isArgs(a: unknown): a is InsertMappingArgs {
  const x = a as InsertMappingArgs | undefined;
  return !!x && typeof x.uri === 'string' && typeof x.fileContent === 'string' &&
    !!x.position && Number.isInteger(x.position.line) && Number.isInteger(x.position.character);
}

export const certCommandsFeature: ServerFeature = {
  name: 'certCommands',
  capabilities: () => ({ executeCommandProvider: { commands: [INSERT_MAPPING_COMMAND] } }),
  register(ctx) {
    ctx.connection.onExecuteCommand(async (params): Promise<InsertMappingResponse | undefined> => {
      if (params.command !== INSERT_MAPPING_COMMAND) return undefined;
      const args = params.arguments?.[0];
      if (!isArgs(args)) throw new ResponseError(ErrorCodes.InvalidParams, `${INSERT_MAPPING_COMMAND} expects { uri, position, fileContent }`);
      try {
        const c = await ctx.current(args.uri);
        if (!c) return { applied: false, message: 'Open an IIS configuration file (applicationHost.config or web.config) first.' };
        let cert;
        let bytes: Uint8Array;
        try { bytes = base64ToBytes(args.fileContent); } catch {
          return { applied: false, message: 'The certificate file did not arrive as base64 (fileContent).' };
        }
        try {
          cert = readCertificateFile(bytes);
        } catch (e) {
          return { applied: false, message: (e as Error).message };
        }
        const r = insertMappingEdits(c.analysis, c.index.offsetAt(args.position), cert.base64);
        if (!r.ok) return { applied: false, message: r.message };
        const applied = await ctx.connection.workspace.applyEdit({
          label: 'Insert client certificate mapping',
          edit: { documentChanges: [{ textDocument: { uri: args.uri, version: c.version }, edits: toLspEdits(r.edits, c.index) }] },
        });
        if (!applied.applied) {
          return { applied: false, message: `The editor did not apply the mapping${applied.failureReason ? `: ${applied.failureReason}` : ''}.` };
        }
        const more = cert.count > 1 ? ` The file holds ${cert.count} certificates; the first one was used.` : '';
        return {
          applied: true,
          message: `Mapped the certificate of ${cert.facts.subject || '(no subject)'} (thumbprint ${cert.facts.thumbprint}). ` +
            `Fill in userName, and set the password with IIS Manager's Configuration Editor or appcmd so it is stored encrypted.${more}`,
        };
      } catch (error) {
        ctx.logFailure('insertClientCertificateMapping', error);
        return { applied: false, message: 'Inserting the mapping failed; see the IIS Config output for details.' };
      }
    });
  },
};
