/** Base class for errors caused by the user's input or environment: the CLI prints one line and exits 2. */
export class UserError extends Error {}
