import { parseFrameworkXlsx } from './framework-xlsx.ts';
import { parseFrameworkYaml, type FrameworkParseResult } from './framework-yaml.ts';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** YAML or .xlsx, by content (a zip archive is a workbook) or by the name's extension. */
export function frameworkFileFormat(bytes: Buffer, fileName: string): 'yaml' | 'xlsx' {
  return bytes.subarray(0, 4).equals(ZIP_MAGIC) || /\.xlsx$/i.test(fileName) ? 'xlsx' : 'yaml';
}

/** Parses and validates a framework file of either format. */
export function parseFrameworkFile(bytes: Buffer, fileName: string): Promise<FrameworkParseResult> {
  return frameworkFileFormat(bytes, fileName) === 'xlsx' ? parseFrameworkXlsx(bytes, fileName) : Promise.resolve(parseFrameworkYaml(bytes, fileName));
}
