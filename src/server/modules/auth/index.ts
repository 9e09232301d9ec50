export * from './auth.service.ts';
export { currentTotp } from './totp.ts';
