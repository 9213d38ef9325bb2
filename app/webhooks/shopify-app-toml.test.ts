import fs from "node:fs";
import path from "node:path";

import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

/**
 * shopify.app.toml is a contract with Shopify (and with the emulator, which delivers webhooks to
 * the URIs it lists): every subscribed topic has its route, named after its URI.
 */
const TOML_PATH = path.resolve("shopify.app.toml");
const source = fs.readFileSync(TOML_PATH, "utf8");

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}
const config = parse(source) as unknown as {
  webhooks: { api_version: string; subscriptions: Subscription[] };
  access_scopes: { scopes: string };
  app_proxy: { url: string; subpath: string; prefix: string };
  embedded: boolean;
};

const EXPECTED_TOPICS = [
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "app/uninstalled",
];
const COMPLIANCE_TOPICS = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];

/** The `# Handled by:` comment on the line just above the subscription block that lists the topic. */
function handledByComment(topic: string): string | null {
  const lines = source.split("\n");
  const topicLine = lines.findIndex(
    (line) =>
      /^\s*(compliance_)?topics\s*=/.test(line) && line.includes(`"${topic}"`),
  );
  let header = topicLine;
  while (header >= 0 && !lines[header].includes("[[webhooks.subscriptions]]"))
    header--;
  const comment = /^\s*# Handled by: (\S+)\s*$/.exec(lines[header - 1] ?? "");
  return comment ? comment[1] : null;
}

describe("shopify.app.toml", () => {
  it("subscribes every topic the app handles with API 2026-07", () => {
    expect(config.webhooks.api_version).toBe("2026-07");
    const topics = config.webhooks.subscriptions.flatMap((s) => s.topics ?? []);
    const compliance = config.webhooks.subscriptions.flatMap(
      (s) => s.compliance_topics ?? [],
    );
    expect(topics.sort()).toEqual([...EXPECTED_TOPICS].sort());
    expect(compliance.sort()).toEqual([...COMPLIANCE_TOPICS].sort());
  });

  it.each([...EXPECTED_TOPICS, ...COMPLIANCE_TOPICS])(
    "%s goes to /webhooks/<topic>, handled by the route named after it",
    (topic) => {
      const subscription = config.webhooks.subscriptions.find((s) =>
        [...(s.topics ?? []), ...(s.compliance_topics ?? [])].includes(topic),
      );
      expect(subscription?.uri).toBe(`/webhooks/${topic}`);

      const routeFile = `app/routes/webhooks.${topic.replace("/", ".")}.tsx`;
      expect(
        fs.existsSync(path.resolve(routeFile)),
        `${routeFile} exists`,
      ).toBe(true);
      expect(handledByComment(topic)).toBe(routeFile);
    },
  );

  it("declares the app proxy and the scopes the app is configured with", () => {
    expect(config.embedded).toBe(true);
    expect(config.app_proxy).toEqual({
      url: "/proxy",
      subpath: "loyalty",
      prefix: "apps",
    });
    // The library re-runs token exchange when granted scopes differ from SCOPES.
    expect(config.access_scopes.scopes).toBe(process.env.SCOPES);
  });
});
