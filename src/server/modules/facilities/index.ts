export * from './facility.service.ts';
export { presentFacility, presentGroup } from './facility.presenter.ts';
export { countFacilities, facilityIdsInGroups, findFacilityById, findGroupById, listFacilities } from './facility.repository.ts';
