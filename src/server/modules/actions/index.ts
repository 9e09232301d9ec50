export {
  ACTION_TRANSITIONS,
  actionsForSource,
  canMoveAction,
  createAction,
  createActionInTrx,
  getAction,
  isOverdue,
  listActions,
  sourceLink,
  updateAction,
  type Action,
  type ActionListQuery,
  type ActionPage,
  type ActionView,
  type SourceAction,
} from './action.service.ts';
export { presentAction } from './action.presenter.ts';
export { actionRoutes } from './action.routes.ts';
