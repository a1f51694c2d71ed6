/** The HTTP service: build the fastify app, and stop it gracefully. */
export { type AppOptions, buildApp, drainAndClose, markStopping } from "./app.js";
