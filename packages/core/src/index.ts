/**
 * `@sotay/core`: the domain model, rules, services and store of the Electronic Party Member
 * Handbook (Sổ tay đảng viên điện tử).
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Account from "./model/Account.js"
/** @since 0.2.0 */
export * as AuditLog from "./model/Audit.js"
/** @since 0.1.0 */
export * as Errors from "./model/Errors.js"
/** @since 0.1.0 */
export * as Ids from "./model/Ids.js"
/** @since 0.1.0 */
export * as Import from "./model/Import.js"
/** @since 0.2.0 */
export * as Lifecycle from "./model/Lifecycle.js"
/** @since 0.1.0 */
export * as Locale from "./model/Locale.js"
/** @since 0.2.0 */
export * as Meeting from "./model/Meeting.js"
/** @since 0.1.0 */
export * as Member from "./model/Member.js"
/** @since 0.1.0 */
export * as Organization from "./model/Organization.js"
/** @since 0.1.0 */
export * as Report from "./model/Report.js"
/** @since 0.2.0 */
export * as Transfer from "./model/Transfer.js"

/** @since 0.1.0 */
export * as Access from "./rules/Access.js"
/** @since 0.2.0 */
export * as AccountState from "./rules/AccountState.js"
/** @since 0.1.0 */
export * as Adoption from "./rules/Adoption.js"
/** @since 0.1.0 */
export * as CitizenId from "./rules/CitizenId.js"
/** @since 0.2.0 */
export * as Cadence from "./rules/Cadence.js"
/** @since 0.2.0 */
export * as CheckIn from "./rules/CheckIn.js"
export * as QrCode from "./rules/QrCode.js"
/** @since 0.1.0 */
export * as Csv from "./rules/Csv.js"
/** @since 0.1.0 */
export * as DateOnly from "./rules/DateOnly.js"
/** @since 0.2.0 */
export * as MeetingState from "./rules/MeetingState.js"
/** @since 0.1.0 */
export * as MemberCsv from "./rules/MemberCsv.js"
/** @since 0.2.0 */
export * as PasswordRules from "./rules/Password.js"
/** @since 0.2.0 */
export * as MemberLifecycle from "./rules/MemberLifecycle.js"
/** @since 0.1.0 */
export * as Phone from "./rules/Phone.js"
/** @since 0.2.0 */
export * as TransferRules from "./rules/Transfers.js"
/** @since 0.2.0 */
export * as VietnamTime from "./rules/VietnamTime.js"
/** @since 0.1.0 */
export * as VietnameseText from "./rules/VietnameseText.js"
/** @since 0.2.0 */
export * as Votes from "./rules/Votes.js"

/** @since 0.1.0 */
export * as Accounts from "./services/Accounts.js"
/** @since 0.1.0 */
export * as Audit from "./services/Audit.js"
export * as Idempotency from "./services/Idempotency.js"
/** @since 0.1.0 */
export * as CurrentActor from "./services/CurrentActor.js"
/** @since 0.2.0 */
export * as DataSubject from "./services/DataSubject.js"
/** @since 0.2.0 */
export * as MemberExport from "./services/MemberExport.js"
/** @since 0.2.0 */
export * as Documents from "./services/Documents.js"
/** @since 0.2.0 */
export * as Inbox from "./services/Inbox.js"
/** @since 0.2.0 */
export * as MeetingDocuments from "./services/MeetingDocuments.js"
/** @since 0.2.0 */
export * as MeetingReports from "./services/MeetingReports.js"
/** @since 0.2.0 */
export * as Meetings from "./services/Meetings.js"
/** @since 0.1.0 */
export * as MemberImport from "./services/MemberImport.js"
/** @since 0.1.0 */
export * as Members from "./services/Members.js"
/** @since 0.2.0 */
export * as MemberTransitions from "./services/MemberTransitions.js"
/** @since 0.1.0 */
export * as Notifier from "./services/Notifier.js"
/** @since 0.2.0 */
export * as OneTimeCodes from "./services/OneTimeCodes.js"
/** @since 0.2.0 */
export * as OrgChanges from "./services/OrgChanges.js"
/** @since 0.1.0 */
export * as Organizations from "./services/Organizations.js"
/** @since 0.1.0 */
export * as Passwords from "./services/Passwords.js"
/** @since 0.1.0 */
export * as Reports from "./services/Reports.js"
/** @since 0.2.0 */
export * as Registrations from "./services/Registrations.js"
/** @since 0.2.0 */
export * as Roles from "./services/Roles.js"
/** @since 0.2.0 */
export * as Settings from "./services/Settings.js"
/** @since 0.2.0 */
export * as Throttle from "./services/Throttle.js"
/** @since 0.2.0 */
export * as Transfers from "./services/Transfers.js"

/** @since 0.1.0 */
export * as Database from "./store/Database.js"
/** @since 0.1.0 */
export * as Migrations from "./store/Migrations.js"
/** @since 0.1.0 */
export * as Pagination from "./store/Pagination.js"
export type { DB } from "./store/Schema.js"
