import { flatRoutes } from "@remix-run/fs-routes";

// Tests and server-only modules may sit beside the routes they belong to.
export default flatRoutes({
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.*"],
});
