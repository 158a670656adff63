/**
 * Every action the audit trail records: dotted, stable names (rows keep them
 * forever, and filters and exports name them), each with its labels for the UI.
 * A use case may only record an action listed here (`audit()` takes this type).
 */
export const AUDIT_ACTIONS = {
  "claim.verdict": { id: "Putusan atas klaim", en: "Verdict on a claim" },
  "item.verdict": { id: "Putusan atas satu item", en: "Verdict on one item" },
  "claim.take": { id: "Mengambil klaim", en: "Took a claim" },
  "claim.extend": { id: "Memperpanjang klaim", en: "Extended a claim" },
  "claim.release": { id: "Melepas klaim", en: "Released a claim" },
  "claim.bulk": { id: "Aksi massal pada klaim", en: "Bulk action on claims" },
  "claim.assign": { id: "Menugaskan klaim", en: "Assigned a claim" },
  "claim.unassign": { id: "Mencabut penugasan klaim", en: "Unassigned a claim" },
  "claim.undo": { id: "Mengurungkan putusan/aksi massal", en: "Undid a verdict or bulk action" },
  "claim.revert": { id: "Membatalkan putusan dari riwayat", en: "Reverted a verdict from the history" },
  "evidence.add": { id: "Menambah bukti", en: "Added evidence" },
  "evidence.remove": { id: "Menghapus bukti", en: "Removed evidence" },
  "note.add": { id: "Menambah catatan", en: "Added a note" },
  "source.add": { id: "Menambah sumber", en: "Added a source" },
  "source.pause": { id: "Menjeda sumber", en: "Paused a source" },
  "source.resume": { id: "Melanjutkan sumber", en: "Resumed a source" },
  "clarification.create": { id: "Membuat draf klarifikasi", en: "Drafted a clarification" },
  "clarification.submit": {
    id: "Mengajukan klarifikasi untuk disetujui",
    en: "Submitted a clarification for approval",
  },
  "clarification.publish": { id: "Menerbitkan klarifikasi", en: "Published a clarification" },
  "clarification.approve": {
    id: "Menyetujui dan menerbitkan klarifikasi",
    en: "Approved and published a clarification",
  },
  "clarification.reject": { id: "Mengembalikan klarifikasi ke draf", en: "Sent a clarification back to draft" },
  "clarification.edit": { id: "Mengubah draf klarifikasi", en: "Edited a draft clarification" },
  "clarification.correct": { id: "Mengoreksi klarifikasi terbit", en: "Corrected a published clarification" },
  "clarification.withdraw": { id: "Menarik klarifikasi", en: "Withdrew a clarification" },
  "clarification.lock": { id: "Mulai mengubah klarifikasi (kunci)", en: "Started editing a clarification (lock)" },
  "clarification.lock_extend": { id: "Memperpanjang kunci klarifikasi", en: "Extended a clarification lock" },
  "clarification.lock_takeover": {
    id: "Mengambil alih penyuntingan klarifikasi",
    en: "Took over editing a clarification",
  },
  "clarification.unlock": { id: "Melepas kunci klarifikasi", en: "Released a clarification lock" },
  "webhook.create": { id: "Menambah webhook mitra", en: "Added a partner webhook" },
  "webhook.disable": { id: "Menonaktifkan webhook mitra", en: "Turned a partner webhook off" },
  "model.retrain": { id: "Meminta pelatihan ulang model", en: "Asked for the model to be retrained" },
  "model.activate": { id: "Mengaktifkan kembali model terdahulu", en: "Made an earlier model active again" },
  "model.instance_retrain": {
    id: "Meminta pelatihan ulang model seluruh instans",
    en: "Asked for the instance-wide model to be retrained",
  },
  "model.instance_activate": {
    id: "Mengaktifkan kembali model seluruh instans terdahulu",
    en: "Made an earlier instance-wide model active again",
  },
  "claim.escalate": { id: "Meneruskan klaim ke provinsi", en: "Escalated a claim to the province" },
  "escalation.answer": { id: "Menjawab eskalasi", en: "Answered an escalation" },
  "escalation.return": { id: "Mengembalikan eskalasi", en: "Handed an escalation back" },
  "clinic.onboard": { id: "Mendaftarkan klinik", en: "Onboarded a clinic" },
  "clinic.settings": { id: "Mengubah pengaturan klinik", en: "Changed the clinic's settings" },
  "report.contacts_erased": {
    id: "Menghapus kontak pelapor yang habis masa simpannya",
    en: "Erased reporters' contacts past their retention",
  },
  "user.invite": { id: "Mengundang orang", en: "Invited a person" },
  "user.invite_withdraw": { id: "Menarik undangan", en: "Withdrew an invitation" },
  "user.deactivate": { id: "Menonaktifkan orang", en: "Deactivated a person" },
  "user.reactivate": { id: "Mengaktifkan kembali orang", en: "Reactivated a person" },
  "user.reset_link": { id: "Membuat tautan atur ulang sandi", en: "Created a password reset link" },
  "user.role": { id: "Mengubah peran", en: "Changed a role" },
  "auth.login": { id: "Masuk", en: "Signed in" },
  "auth.login_failed": { id: "Gagal masuk", en: "Failed sign-in" },
  "auth.login_throttled": { id: "Upaya masuk ditahan", en: "Sign-in attempt throttled" },
  "auth.login_otp_asked": { id: "Diminta kode dua langkah", en: "Asked for the two-factor code" },
  "auth.logout": { id: "Keluar", en: "Signed out" },
  "auth.logout_all": { id: "Keluar dari semua perangkat", en: "Signed out everywhere" },
  "user.join": { id: "Menerima undangan", en: "Accepted an invitation" },
  "clinic.activate": { id: "Klinik aktif (admin pertama)", en: "Clinic activated (first admin)" },
  "user.password_reset": { id: "Mengatur ulang kata sandi lewat tautan", en: "Reset the password with a link" },
  "user.password_change": { id: "Mengganti kata sandi", en: "Changed the password" },
  "user.password_change_failed": {
    id: "Gagal mengganti kata sandi (sandi lama salah)",
    en: "Failed password change (wrong current password)",
  },
  "user.totp_setup": { id: "Mulai menyiapkan verifikasi dua langkah", en: "Started two-factor setup" },
  "user.totp_enable": { id: "Mengaktifkan verifikasi dua langkah", en: "Turned two-factor on" },
  "user.totp_disable": { id: "Mematikan verifikasi dua langkah", en: "Turned two-factor off" },
  "notify.prefs": { id: "Mengubah pilihan notifikasi", en: "Changed notification choices" },
  "notify.channels": { id: "Mengubah saluran notifikasi klinik", en: "Changed the clinic's notification channels" },
  "token.create": { id: "Membuat token API", en: "Created an API token" },
  "token.revoke": { id: "Mencabut token API", en: "Revoked an API token" },
  "item.ingest": { id: "Mengirim item lewat API", en: "Handed in items through the API" },
  "user.operator_create": { id: "Membuat operator (baris perintah)", en: "Created an operator (command line)" },
  "user.reset_link_cli": { id: "Tautan atur ulang dari baris perintah", en: "Reset link from the command line" },
} as const satisfies Record<string, { id: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export const isAuditAction = (v: string): v is AuditAction => Object.hasOwn(AUDIT_ACTIONS, v);

/** The action's label in the reader's language; an action no longer listed shows its name. */
export function auditActionLabel(action: string, lang: "id" | "en"): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action][lang] : action;
}
