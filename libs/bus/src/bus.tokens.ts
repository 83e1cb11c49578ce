export const BUS_SETTINGS = Symbol('BUS_SETTINGS');
export const BUS_CONNECTION = Symbol('BUS_CONNECTION');
export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

export interface ServiceIdentity {
  service: string;
  host: string;
  startedAt: number;
}
