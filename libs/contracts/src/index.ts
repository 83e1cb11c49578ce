export {
  CONTAINER_NAME_PATTERN, OWNER_PATTERN, HOST_PATTERN, SESSION_PATTERN,
  isContainerName, isOwner, isHostId, hostIdFromHostname, lxcpathId,
} from './names';
export { ContainerState, CONTAINER_STATES, canTransition, isContainerState, isActive, isRunningLike } from './states';
export { ErrorCode, isErrorCode } from './error-codes';
export {
  DomainError, BadRequestError, InvalidNameError, UnknownVerbError, ForbiddenError, NotFoundError,
  AlreadyExistsError, AlreadyRunningError, NotRunningError, IsRunningError, StartFailedError, StopFailedError,
  ConfigInvalidError, TemplateFailedError, UnsupportedError, BusyError, TimeoutError, NoRespondersError,
  NativeError, InternalError, NetQuotaExceededError, NetExhaustedError, ImageNotFoundError, ImageFetchError, ImageVerifyError, ImageUnsafeError, HasSnapshotsError, CopyFailedError, errorFromWire, toDomainError,
} from './errors';
export type { WireError } from './errors';
export { RootlessUnsupportedError } from './errors';
export { HookFailedError } from './errors';
export { OWNER_NAMESPACE_TEMPLATES } from './services';
export {
  SUBJECT_ROOT, CommandVerb, COMMAND_VERBS, ServiceName, SERVICE_NAMES, VERB_OWNER, ServiceVerb, EventType,
  EVENT_TYPES, HOST_PLACEHOLDER, subjects, parseCommandSubject, parseEventSubject, EVENTS_STREAM,
  CONTAINERS_BUCKET, HOSTS_BUCKET, NET_LEASES_BUCKET,
} from './subjects';
export type { IoDirection, ParsedCommandSubject, ParsedEventSubject } from './subjects';
export {
  CreateRequest, StartRequest, StopRequest, DestroyRequest, AttachRequest, InfoRequest, LsRequest, WaitRequest,
  CgroupRequest, FreezeRequest, COMMAND_SCHEMAS,
} from './commands';
export { ImagesRequest, IMAGE_PROMPT_FIELDS } from './images';
export type { ImagesReply, ImageRow, ImagePromptField } from './images';
export { ConfigGetRequest, CopyRequest, SnapshotRequest } from './toolbox';
export { CopyMount } from './toolbox';
export type { ConfigValue, ConfigGetReply, CopyReply, SnapshotRow, SnapshotReply } from './toolbox';
export { ok } from './replies';
export type {
  OkReply, ErrorReply, Reply, ContainerStats, LinkStats, ContainerInfo, LsRow, CreateReply, StartReply,
  StopReply, DestroyReply, AttachReply, InfoReply, LsReply, WaitReply, CgroupReply, FreezeReply,
} from './replies';
export {
  CLOUDEVENTS_SPEC_VERSION, ContainerRef, ConfigSummary, EventData, eventTypeName, buildEvent, parseEvent,
} from './events';
export type { CloudEvent, EventDataOf } from './events';
export { recordKey, recordPrefix } from './records';
export type { ContainerRecord } from './records';
export {
  IO_KIND_HEADER, IoKind, IO_CHUNK_BYTES, IO_KEEPALIVE_INTERVAL_MS, IO_KEEPALIVE_TIMEOUT_MS,
} from './attach-io';
export type { IoExit } from './attach-io';
export { ConsoleRequest, CONSOLE_TTY_MAX } from './console';
export type { ConsoleReply } from './console';
export {
  PingReply, PopulateRequest, UsageRequest, RangesRequest, IdmapEntry, IdmapValidateRequest, NetPlanRequest,
} from './services';
export type {
  PopulateReply, UsageEntry, UsageFigures, UsageReply, IdRange, RangesReply, IdmapValidateReply, NetPlanReply,
} from './services';
export { NetInterfaceRequest, NetAllocateRequest, NetReleaseRequest } from './net-leases';
export type { NetNic, NetAllocateReply, NetReleaseReply } from './net-leases';
export { DeviceRequest, TopRequest, USER_HZ } from './devices';
export type { DeviceReply, TopRow, TopReply } from './devices';
export { validate } from './validate';
export { userPermissions, userInboxPrefix } from './permissions';
export type { SubjectPermissions } from './permissions';
