// Placeholder owned by the domain work: drains the outbox in the app process.
export function startBackgroundWorker(): void {}
