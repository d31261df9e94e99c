/**
 * The meeting state machine (domain brief §12.3): draft → scheduled (invitations and documents
 * sent) → in progress (attendance taken) → concluded (minutes read back) → published (minutes
 * approved); cancelled from any state before concluded.
 *
 * @since 0.2.0
 */

/** @since 0.2.0 @category models */
export type MeetingStatus = "draft" | "scheduled" | "in_progress" | "concluded" | "published" | "cancelled"

const NEXT: Record<MeetingStatus, ReadonlyArray<MeetingStatus>> = {
  draft: ["scheduled", "cancelled"],
  scheduled: ["in_progress", "cancelled"],
  in_progress: ["concluded", "cancelled"],
  concluded: ["published"],
  published: [],
  cancelled: []
}

/**
 * Whether a meeting may go from `from` to `to`.
 *
 * @since 0.2.0
 * @category rules
 */
export const canTransition = (from: MeetingStatus, to: MeetingStatus): boolean => NEXT[from].includes(to)

/**
 * The states a meeting may go to next.
 *
 * @since 0.2.0
 * @category rules
 */
export const nextStates = (from: MeetingStatus): ReadonlyArray<MeetingStatus> => NEXT[from]

/**
 * Whether the meeting's time, place and agenda may still change.
 *
 * @since 0.2.0
 * @category rules
 */
export const isEditable = (status: MeetingStatus): boolean => status === "draft" || status === "scheduled"

/**
 * Whether the meeting happened (counts in statistics and cadence).
 *
 * @since 0.2.0
 * @category rules
 */
export const isHeld = (status: MeetingStatus): boolean => status === "concluded" || status === "published"
