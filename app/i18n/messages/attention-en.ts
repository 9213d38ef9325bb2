/**
 * The admin home's "Needs attention" card: webhooks the app could not process. Spread into en.ts;
 * attention-fr.ts has exactly these keys.
 */
export const attentionEn = {
  "attention.title": "Needs attention",
  "attention.intro":
    "Shopify sent these updates but the app could not read them. Orders are read again from Shopify automatically; points for those below may be missing until they are processed.",
  "attention.count": {
    one: "{count} update could not be processed",
    other: "{count} updates could not be processed",
  },
  "attention.order": "Order {orderId}",
  "attention.noOrder": "No order could be identified",
  "attention.topic": "Shopify event: {topic}",
  "attention.fields": "Unreadable fields: {fields}",
  "attention.received": "Received {date}",
  "attention.attempts": {
    one: "Read again from Shopify {count} time without success",
    other: "Read again from Shopify {count} times without success",
  },
  "attention.retry": "Retry",
  "attention.dismiss": "Dismiss",
  "attention.retried":
    "Retrying: the order is being read again from Shopify. Refresh in a moment.",
  "attention.dismissed": "Dismissed.",
  "attention.gone": "This item was already processed or dismissed.",
  "attention.more": {
    one: "And {count} more not shown.",
    other: "And {count} more not shown.",
  },
};
