/**
 * 備え (resilience, issue 7): what other modules may import. Services authorize; `…Of` / `…Tx` functions do not and
 * are for trusted callers (the checklist rules, the demo, the binder).
 */
export { backupRoutes } from './backup.routes.ts';
export { drillRoutes } from './drill.routes.ts';
export { bcpRoutes } from './bcp.routes.ts';
export { exerciseRoutes } from './exercise.routes.ts';
export { binderRoutes } from './binder.routes.ts';
