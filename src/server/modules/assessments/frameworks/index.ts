export {
  builtinFrameworks,
  compareEntries,
  findFrameworkEntry,
  frameworksDir,
  FrameworkLoadError,
  isBuiltinFrameworkId,
  listFrameworkEntries,
  loadFrameworkDir,
  summarizeFramework,
  type FrameworkEntry,
  type FrameworkOwner,
} from './registry.ts';
export { formatFrameworkIssue, type FrameworkIssue } from './framework-issues.ts';
export { parseFrameworkYaml, FRAMEWORK_YAML_MAX_BYTES, type FrameworkParseResult } from './framework-yaml.ts';
export { parseFrameworkXlsx, frameworkXlsx, frameworkXlsxTemplate, FRAMEWORK_XLSX_MAX_BYTES } from './framework-xlsx.ts';
export { parseFrameworkFile, frameworkFileFormat } from './framework-file.ts';
export {
  createFacilityFramework,
  createGroupFramework,
  deleteCustomFramework,
  frameworkTemplate,
  getFramework,
  listFrameworks,
  validateBytes,
  validateFrameworkFile,
  type FrameworkValidation,
} from './framework.service.ts';
export { frameworkRoutes } from './framework.routes.ts';
