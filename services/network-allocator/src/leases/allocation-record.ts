/** What the allocator holds for one container: enough to release every claim without asking anyone. */
export interface LeasedNic {
  index: number;
  type: string;
  /** Managed bridge the address was leased on. */
  bridge?: string;
  ip?: string;
  /** Generated MAC (claimed in the bucket); a MAC from the config is not claimed. */
  mac?: string;
  macClaimed?: boolean;
  host?: string;
  hostClaimed?: boolean;
  /** Quota key charged (non-root owners). */
  charge?: string;
}

export interface AllocationRecord {
  owner: string;
  name: string;
  lxcpath: string;
  allocatedAt: number;
  nics: LeasedNic[];
}
