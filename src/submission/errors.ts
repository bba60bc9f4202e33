/** Why a submission path cannot be read at all (the grader reports it instead of a grade). */
export type SubmissionErrorCode = 'not-found' | 'not-a-directory' | 'unreadable';

export class SubmissionError extends Error {
  override readonly name = 'SubmissionError';
  readonly code: SubmissionErrorCode;
  readonly path: string;

  constructor(code: SubmissionErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

export function isSubmissionError(e: unknown): e is SubmissionError {
  return e instanceof SubmissionError;
}
