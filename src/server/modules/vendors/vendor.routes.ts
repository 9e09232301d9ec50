import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../shared/contracts/common.contract.ts';
import { ZAssetExportQuery } from '../../../shared/contracts/ledger.contract.ts';
import {
  ZContract,
  ZContractCreate,
  ZContractUpdate,
  ZVendorContact,
  ZVendorContactCreate,
  ZVendorContactUpdate,
  ZVendorCreate,
  ZVendorDetail,
  ZVendorDocument,
  ZVendorDocumentCreate,
  ZVendorDocumentUpdate,
  ZVendorListQuery,
  ZVendorPage,
  ZVendorUpdate,
  ZVendorUsersSet,
} from '../../../shared/contracts/vendors.contract.ts';
import { VENDOR_DOCUMENT_CONTENT_TYPES, VENDOR_DOCUMENT_MAX_BYTES } from '../../../shared/vendors.ts';
import type { Deps } from '../../context.ts';
import { exportVendors, vendorTemplate } from './vendor-export.ts';
import { importVendors } from './vendor-import.ts';
import { presentContact, presentContract, presentDocument, presentVendor, presentVendorDetail } from './vendor.presenter.ts';
import * as vendors from './vendor.service.ts';
import { sendDownload, SPREADSHEET_TYPES } from '../../http/download.ts';
import { headerFileName, importRoute } from '../../http/import-route.ts';
import { contentDisposition } from '../../lib/file-names.ts';

/** 委託事業者: vendors, their contacts, contracts, MDS/SDS documents and linked users, import and export. */
export function vendorRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/facilities/:facilityId/vendors';
    const facility = z.object({ facilityId: ZId });
    const vendor = facility.extend({ vendorId: ZId });
    const contact = vendor.extend({ contactId: ZId });
    const contract = vendor.extend({ contractId: ZId });
    const document = vendor.extend({ documentId: ZId });
    const tags = ['vendors'];

    // --- import and export (before /:vendorId) -----------------------------------------------------
    await app.register(importRoute(`${base}/import`, tags, deps, importVendors));

    app.get(`${base}/export`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await exportVendors(deps, req.caller, req.params.facilityId, req.query)),
    );

    app.get(`${base}/template`, { schema: { tags, params: facility, querystring: ZAssetExportQuery, produces: SPREADSHEET_TYPES } }, async (req, reply) =>
      sendDownload(reply, await vendorTemplate(deps, req.caller, req.params.facilityId, req.query)),
    );

    // --- vendors ----------------------------------------------------------------------------------
    app.get(base, { schema: { tags, params: facility, querystring: ZVendorListQuery, response: { 200: ZVendorPage } } }, async (req) => {
      const page = await vendors.listVendors(deps, req.caller, req.params.facilityId, req.query);
      return { ...page, items: page.items.map(presentVendor) };
    });

    app.post(base, { schema: { tags, params: facility, body: ZVendorCreate, response: { 201: ZVendorDetail } } }, async (req, reply) =>
      reply.status(201).send(presentVendorDetail(await vendors.createVendor(deps, req.caller, req.params.facilityId, req.body))),
    );

    app.get(`${base}/:vendorId`, { schema: { tags, params: vendor, response: { 200: ZVendorDetail } } }, async (req) =>
      presentVendorDetail(await vendors.getVendor(deps, req.caller, req.params.facilityId, req.params.vendorId)),
    );

    app.patch(`${base}/:vendorId`, { schema: { tags, params: vendor, body: ZVendorUpdate, response: { 200: ZVendorDetail } } }, async (req) =>
      presentVendorDetail(await vendors.updateVendor(deps, req.caller, req.params.facilityId, req.params.vendorId, req.body)),
    );

    app.delete(`${base}/:vendorId`, { schema: { tags, params: vendor, response: { 200: ZOk } } }, async (req) => {
      await vendors.deleteVendor(deps, req.caller, req.params.facilityId, req.params.vendorId);
      return { ok: true as const };
    });

    app.put(`${base}/:vendorId/users`, { schema: { tags, params: vendor, body: ZVendorUsersSet, response: { 200: ZVendorDetail } } }, async (req) =>
      presentVendorDetail(await vendors.setVendorUsers(deps, req.caller, req.params.facilityId, req.params.vendorId, req.body.userIds)),
    );

    // --- contacts ---------------------------------------------------------------------------------
    app.post(`${base}/:vendorId/contacts`, { schema: { tags, params: vendor, body: ZVendorContactCreate, response: { 201: ZVendorContact } } }, async (req, reply) =>
      reply.status(201).send(presentContact(await vendors.createContact(deps, req.caller, req.params.facilityId, req.params.vendorId, req.body))),
    );

    app.patch(`${base}/:vendorId/contacts/:contactId`, { schema: { tags, params: contact, body: ZVendorContactUpdate, response: { 200: ZVendorContact } } }, async (req) =>
      presentContact(await vendors.updateContact(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.contactId, req.body)),
    );

    app.delete(`${base}/:vendorId/contacts/:contactId`, { schema: { tags, params: contact, response: { 200: ZOk } } }, async (req) => {
      await vendors.deleteContact(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.contactId);
      return { ok: true as const };
    });

    // --- contracts --------------------------------------------------------------------------------
    app.post(`${base}/:vendorId/contracts`, { schema: { tags, params: vendor, body: ZContractCreate, response: { 201: ZContract } } }, async (req, reply) =>
      reply.status(201).send(presentContract(await vendors.createContract(deps, req.caller, req.params.facilityId, req.params.vendorId, req.body))),
    );

    app.patch(`${base}/:vendorId/contracts/:contractId`, { schema: { tags, params: contract, body: ZContractUpdate, response: { 200: ZContract } } }, async (req) =>
      presentContract(await vendors.updateContract(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.contractId, req.body)),
    );

    app.delete(`${base}/:vendorId/contracts/:contractId`, { schema: { tags, params: contract, response: { 200: ZOk } } }, async (req) => {
      await vendors.deleteContract(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.contractId);
      return { ok: true as const };
    });

    // --- documents (MDS/SDS) ----------------------------------------------------------------------
    app.post(`${base}/:vendorId/documents`, { schema: { tags, params: vendor, body: ZVendorDocumentCreate, response: { 201: ZVendorDocument } } }, async (req, reply) =>
      reply.status(201).send(presentDocument(await vendors.createDocument(deps, req.caller, req.params.facilityId, req.params.vendorId, req.body))),
    );

    app.patch(`${base}/:vendorId/documents/:documentId`, { schema: { tags, params: document, body: ZVendorDocumentUpdate, response: { 200: ZVendorDocument } } }, async (req) =>
      presentDocument(await vendors.updateDocument(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.documentId, req.body)),
    );

    app.delete(`${base}/:vendorId/documents/:documentId`, { schema: { tags, params: document, response: { 200: ZOk } } }, async (req) => {
      await vendors.deleteDocument(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.documentId);
      return { ok: true as const };
    });

    app.get(`${base}/:vendorId/documents/:documentId/file`, { schema: { tags, params: document, produces: [...VENDOR_DOCUMENT_CONTENT_TYPES] } }, async (req, reply) => {
      const file = await vendors.getDocumentFile(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.documentId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    });

    await app.register(async (scope) => {
      const files = scope.withTypeProvider<ZodTypeProvider>();
      // The MDS/SDS file is the raw request body: PDF, Excel or Word, at most VENDOR_DOCUMENT_MAX_BYTES.
      files.addContentTypeParser([...VENDOR_DOCUMENT_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: VENDOR_DOCUMENT_MAX_BYTES }, (_req, body, done) => done(null, body));
      files.put(
        `${base}/:vendorId/documents/:documentId/file`,
        {
          bodyLimit: VENDOR_DOCUMENT_MAX_BYTES,
          schema: { tags, params: document, consumes: [...VENDOR_DOCUMENT_CONTENT_TYPES], response: { 200: ZVendorDocument } },
        },
        async (req) => {
          const bytes = Buffer.isBuffer(req.body) ? req.body : null;
          const contentType = bytes ? req.headers['content-type'] : undefined;
          const doc = await vendors.putDocumentFile(deps, req.caller, req.params.facilityId, req.params.vendorId, req.params.documentId, {
            bytes: bytes ?? Buffer.alloc(0),
            contentType,
            fileName: headerFileName(req.headers['x-file-name']),
          });
          return presentDocument(doc);
        },
      );
    });
  };
}
