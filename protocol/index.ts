export * from './version';
export * from './errors';
export * from './problems';
export * from './problem-schema';
export * from './decode';
export * from './details';
export * from './richtext';
export * from './bounds';
export * from './autolink';
export * from './playbook';
export * from './offline-ask';
export * from './replies';
export * from './model';
export * from './state-machine';
export * from './visibility';
export * from './conversation';
export * from './workspace';
export * from './http';
export * from './crm';
export * from './email';
export * from './token';
export * from './paging';
export * from './backoff';
export * from './transport';
export * from './routing';
export {
  BusinessHours,
  ClockTime,
  DayRanges,
  CalendarDate as HoursDate,
  HoursException,
  HoursMessages,
  HoursRange,
  HOURS_EXCEPTIONS_MAX,
  HOURS_RANGES_MAX,
  newBusinessHours,
  TimeZone,
  TIME_ZONE_MAX,
  toMinutes,
  WEEKDAY_OF_UTC_DAY,
  WEEKDAYS,
  type Weekday,
} from './hours';
export * from './identity';
export * from './trail';
export * from './history';
export * from './blocks';
