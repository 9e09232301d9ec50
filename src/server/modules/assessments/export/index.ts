/** The inspection export of assessments (.xlsx, HTML, PDF): for the routes and the CLI. */
export { exportAssessment, exportReason, EXPORT_CONTENT_TYPES, type AssessmentExportFile, type ExportFormat } from './export.service.ts';
export { assessmentExportRoutes } from './export.routes.ts';
