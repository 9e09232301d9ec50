export {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_LIST_LIMIT,
  notifyRoles,
  notifyUsers,
  type Notification,
  type NotificationChannel,
  type NotificationInput,
  type NotificationParams,
  type NotifyRolesInput,
  type NotifyUsersInput,
} from './notification.service.ts';
export { presentNotification } from './notification.presenter.ts';
export { notificationRoutes } from './notification.routes.ts';
