/** Reading configuration files from the disk, decoded as Windows tools write them (util/text.ts). */
import * as fs from 'fs';
import { decodeBytes, type DecodedText } from '../util/text';

export { decodeBytes, type DecodedText };

export function readTextFile(path: string): DecodedText {
  return decodeBytes(fs.readFileSync(path));
}
