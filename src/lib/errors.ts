/** Base class for errors caused by the user's input or environment: the CLI prints one line and exits 2. */
export class UserError extends Error {}

/** Something wrong in a JSON input: names the file and the JSON path of what is wrong. */
export class JsonFileError extends UserError {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    message: string,
  ) {
    super(`${file}: ${jsonPath}: ${message}`);
  }
}
