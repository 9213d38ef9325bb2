/**
 * Admin-wide words: confirmation dialogs, save toasts, the campaigns' time zone. Spread into
 * en.ts; admin-ui-fr.ts has exactly these keys.
 */
export const adminUiEn = {
  "confirm.cancel": "Cancel",
  "confirm.delete": "Delete",
  "toast.saved": "Saved",
  "toast.deleted": "Deleted",
  "earn.campaigns.timeZone": "Times are in the shop’s time zone ({timeZone}).",
  "earn.campaigns.deleteTitle": "Delete the campaign “{name}”?",
  "earn.campaigns.deleteBody":
    "Orders already rewarded keep their points. This cannot be undone.",
  "earn.delete.title": "Delete this way to earn?",
  "member.adjust.deductTitle": "Deduct points?",
} as const;
