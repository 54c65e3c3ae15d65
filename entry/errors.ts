/** What every entry point (worker, API, CLI tools, scripts) shares: an error for people at a terminal, and `runMain`. */
/** An error meant for a person at a terminal: printed as its message alone, never with a stack trace. */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}

/** Runs `main`, printing a `UserFacingError` as one readable message and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UserFacingError) {
      console.error(`\n✖ ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
