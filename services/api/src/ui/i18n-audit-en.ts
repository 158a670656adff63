import type { auditId } from "./i18n-audit-id.ts";

/** Messages of the audit trail and of publisher approval, in English (merged into i18n-en.ts). */
export const auditEn: { [K in keyof typeof auditId]: string } = {
  navAudit: "Audit trail",
  auditTitle: "Audit trail",
  auditHint: "Every change is recorded and can never be altered or deleted.",
  auditWhen: "When",
  auditWho: "Who",
  auditAction: "Action",
  auditTarget: "Target",
  auditSummary: "Summary",
  auditAddress: "IP address",
  auditPerson: "Person (email or id)",
  auditInstance: "instance",
  anyAction: "Any action",
  allClinics: "All clinics",
  downloadCsv: "Download CSV",
  pending: "Awaiting approval",
  pendingNotice: "Waiting for a publisher's approval",
  submitForApproval: "Submit for approval",
  approvalRequired: "This clinic requires a publisher's approval: your clarification goes public once approved.",
  approve: "Approve and publish",
  reject: "Send back to draft",
  rejectReason: "Reason for sending it back",
  sentBack: "Sent back to draft",
  clarificationHistory: "History",
};
