import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../shared/contracts/common.contract.ts';
import { ZNotification, ZNotificationList } from '../../../shared/contracts/vulns.contract.ts';
import type { Deps } from '../../context.ts';
import { presentNotification } from './notification.presenter.ts';
import * as notifications from './notification.service.ts';

/** The signed-in user's notifications (the bell): newest first, mark one or all read. */
export function notificationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['notifications'];

    app.get('/notifications', { schema: { tags, response: { 200: ZNotificationList } } }, async (req) => {
      const list = await notifications.listMyNotifications(deps, req.caller);
      return { items: list.items.map(presentNotification), unread: list.unread };
    });

    app.post('/notifications/:id/read', { schema: { tags, params: z.object({ id: ZId }), response: { 200: ZNotification } } }, async (req) =>
      presentNotification(await notifications.markNotificationRead(deps, req.caller, req.params.id)),
    );

    // Answers the list as it is afterwards (all read), so the bell can redraw without another request.
    app.post('/notifications/read-all', { schema: { tags, response: { 200: ZNotificationList } } }, async (req) => {
      await notifications.markAllNotificationsRead(deps, req.caller);
      const list = await notifications.listMyNotifications(deps, req.caller);
      return { items: list.items.map(presentNotification), unread: list.unread };
    });
  };
}
