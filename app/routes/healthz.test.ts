import { afterEach, describe, expect, it, vi } from "vitest";

import { pingDatabase } from "~/models/health.server";
import { loader } from "~/routes/healthz";

vi.mock("~/models/health.server", () => ({ pingDatabase: vi.fn() }));

afterEach(() => vi.restoreAllMocks());

describe("/healthz", () => {
  it("answers 200 ok while the database answers", async () => {
    vi.mocked(pingDatabase).mockResolvedValue(undefined);
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 when the database does not, so a load balancer takes the instance out", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.mocked(pingDatabase).mockRejectedValue(
      new Error("connect ECONNREFUSED"),
    );
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("database unreachable");
  });
});
