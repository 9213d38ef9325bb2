/**
 * Admin-wide words: confirmation dialogs, save toasts, the campaigns' time zone. Spread into
 * en.ts; admin-ui-fr.ts has exactly these keys.
 */
export const adminUiEn = {
  "confirm.cancel": "Cancel",
  "confirm.delete": "Delete",
  "toast.saved": "Saved",
  "saveBar.save": "Save",
  "saveBar.discard": "Discard",
  "toast.deleted": "Deleted",
  "earn.campaigns.timeZone": "Times are in the shop’s time zone ({timeZone}).",
  "earn.campaigns.deleteTitle": "Delete the campaign “{name}”?",
  "earn.campaigns.deleteBody":
    "Orders already rewarded keep their points. This cannot be undone.",
  "earn.delete.title": "Delete this way to earn?",
  "member.adjust.deductTitle": "Deduct points?",
  "codes.summary.line": "{imported}: {assigned}, {remaining}, {deleted}.",
  "codes.count.imported": {
    one: "{count} code imported",
    other: "{count} codes imported",
  },
  "codes.count.assigned": {
    one: "{count} given to a customer",
    other: "{count} given to customers",
  },
  "codes.count.remaining": { one: "{count} unused", other: "{count} unused" },
  "codes.count.deleted": { one: "{count} deleted", other: "{count} deleted" },
  "codes.files.column.deleted": "Deleted",
  "member.rewards.giftCardCode": "Gift card {code}",
  "rewards.column.gifts": "Gifts",
  "settings.retroactive.days": {
    one: "Last day",
    other: "Last {count} days",
  },
  "settings.retroactive.orders": {
    one: "{count} order",
    other: "{count} orders",
  },
} as const;
