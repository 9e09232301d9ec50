export {
  contractView,
  createContact,
  createContract,
  createDocument,
  createVendor,
  deleteContact,
  deleteContract,
  deleteDocument,
  deleteVendor,
  getDocumentFile,
  getVendor,
  insertContactTx,
  insertContractTx,
  insertDocumentTx,
  insertVendorTx,
  listVendors,
  putDocumentFile,
  setVendorUsers,
  updateContact,
  updateContract,
  updateDocument,
  updateVendor,
  type Contact,
  type Contract,
  type ContractView,
  type Vendor,
  type VendorDetailView,
  type VendorDocument,
  type VendorPage,
  type VendorUserView,
  type VendorView,
} from './vendor.service.ts';
export { presentContact, presentContract, presentDocument, presentVendor, presentVendorDetail } from './vendor.presenter.ts';
export { importVendors, type VendorImportOptions, type VendorImportResult } from './vendor-import.ts';
export { exportVendors, vendorSheets, vendorTemplate } from './vendor-export.ts';
export { VENDOR_COLUMNS, vendorColumnFor, type VendorColumn, type VendorColumnKey } from './vendor-columns.ts';
export { normalizeKana, vendorFlags } from './vendor-rules.ts';
export { supplyingVendorFacts, type SupplyingVendorFact } from './vendor-facts.ts';
