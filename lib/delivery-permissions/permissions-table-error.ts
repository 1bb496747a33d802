/**
 * Thrown when the app synthesizes a resource type the deploy permissions table lacks: the pipeline could not deploy
 * it, so synth stops here, naming each type and the file its entry belongs in.
 */
export class PermissionsTableError extends Error {
  constructor(
    /** Each missing Terraform type, with the file (relative to the project root) its entry belongs in. */
    readonly missing: readonly { readonly type: string; readonly file: string }[],
    /** Where the table lives, relative to the project root. */
    directory: string,
  ) {
    const lines = missing.map(
      ({ type, file }) =>
        `  - the app uses ${type}, which the deploy permissions table lacks: add an entry for it to ${file} (the IAM actions its create, read, update, delete and tag need; a new file also goes in ${directory}/index.ts)`,
    );
    super(`deploy permissions table (${directory}/) is missing ${missing.length} type(s):\n${lines.join('\n')}`);
    this.name = 'PermissionsTableError';
  }
}
