import { describe, expect, it } from "vitest";

import {
  InvalidEnvironmentError,
  parseDatabaseEnv,
  parseEnv,
} from "~/env.server";

const REQUIRED = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://loyalty.example.com",
};

function refusal(source: Record<string, string | undefined>) {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    return error as InvalidEnvironmentError;
  }
  throw new Error("the environment was accepted");
}

describe("parseEnv", () => {
  it("fills the defaults a bare host relies on", () => {
    const env = parseEnv(REQUIRED);
    expect(env.PUBSUB_AUDIENCE).toBeUndefined();
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/dev.sqlite",
      DATABASE_POOL_SIZE: 10,
      LOYALTY_WORKER: "in-process",
      WEBHOOK_INBOX_DRAIN: "on",
      LOG_REQUESTS: "on",
      WORKER_INTERVAL_MS: 1_000,
      PUBSUB_JWKS_URL: "https://www.googleapis.com/oauth2/v3/certs",
    });
  });

  it("reads numbers and the process types' switches", () => {
    expect(
      parseEnv({
        ...REQUIRED,
        PORT: "8080",
        DATABASE_URL: "postgresql://loyalty:pw@db:5432/loyalty",
        DATABASE_POOL_SIZE: "4",
        LOYALTY_WORKER: "off",
        WEBHOOK_INBOX_DRAIN: "off",
        WEBHOOK_MAX_BYTES: "1048576",
        PUBSUB_AUDIENCE: "https://loyalty.example.com/webhooks/pubsub",
        PUBSUB_SERVICE_ACCOUNT_EMAIL: "push@project.iam.gserviceaccount.com",
      }),
    ).toMatchObject({
      PORT: 8080,
      DATABASE_POOL_SIZE: 4,
      LOYALTY_WORKER: "off",
      WEBHOOK_INBOX_DRAIN: "off",
      WEBHOOK_MAX_BYTES: 1_048_576,
      PUBSUB_AUDIENCE: "https://loyalty.example.com/webhooks/pubsub",
    });
  });

  it("treats an empty value as unset", () => {
    const env = parseEnv({ ...REQUIRED, PORT: "", SMTP_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.SMTP_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://root@db/loyalty"],
    ["DATABASE_POOL_SIZE", "0"],
    ["LOYALTY_WORKER", "yes"],
    ["WEBHOOK_INBOX_DRAIN", "false"],
    ["WORKER_INTERVAL_MS", "-5"],
    ["PUBSUB_JWKS_URL", "not a url"],
    ["PUBSUB_SERVICE_ACCOUNT_EMAIL", "push-account"],
    ["SHOPIFY_APP_URL", "loyalty.example.com"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    const error = refusal({ ...REQUIRED, [name]: value });
    expect(error.variables).toEqual([name]);
    expect(error.message).toMatch(
      new RegExp(`^Invalid environment:\\n  ${name}: `),
    );
  });

  it("names every missing variable at once, and never echoes a value", () => {
    const error = refusal({
      SHOPIFY_APP_URL: "https://loyalty.example.com",
      DATABASE_URL: "mysql://root:hunter2@db/loyalty",
    });
    expect(error.variables.sort()).toEqual([
      "DATABASE_URL",
      "SHOPIFY_API_KEY",
      "SHOPIFY_API_SECRET",
    ]);
    expect(error.message).not.toContain("hunter2");
  });
});

describe("parseDatabaseEnv", () => {
  it("needs no Shopify keys, so database-only scripts run without them", () => {
    expect(
      parseDatabaseEnv({ DATABASE_URL: "postgres://db/loyalty" }),
    ).toMatchObject({
      DATABASE_URL: "postgres://db/loyalty",
      DATABASE_POOL_SIZE: 10,
    });
    expect(() => parseDatabaseEnv({ DATABASE_POOL_SIZE: "many" })).toThrow(
      /DATABASE_POOL_SIZE/,
    );
  });
});
