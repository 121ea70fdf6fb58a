/** A state file that cannot be used: it was moved aside (never overwritten) and this says where. */
export class StateFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly quarantinedAs: string | undefined,
    readonly reason: 'corrupt' | 'schema' | 'future-version' | 'empty' | 'unreadable',
  ) {
    super(message);
    this.name = 'StateFileError';
  }
}
