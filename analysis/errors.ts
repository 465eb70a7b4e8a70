/**
 * The typed errors of Partner Atlas. They carry what went wrong, where and how to fix it;
 * `api/errors.ts` maps them to RFC 9457 problem+json and the CLI prints their `toString()`.
 */

export interface BundleIssue {
  file: string;
  /** 1-based line in the file (the header is line 1). */
  line?: number;
  /** Column name (CSV), JSON path or property, when the problem is in one value. */
  column?: string;
  /** Which record, when the source has no lines (Neo4j): e.g. `business "b1"`. */
  record?: string;
  message: string;
}

/** Base class so callers can tell our errors from bugs. */
export class PartnerAtlasError extends Error {
  override name = 'PartnerAtlasError';
}

/** A data bundle (CSV or JSON) that cannot be loaded; lists every problem found. */
export class BundleError extends PartnerAtlasError {
  override name = 'BundleError';
  readonly issues: BundleIssue[];
  constructor(issues: BundleIssue[], summary?: string) {
    super(summary ?? BundleError.describe(issues));
    this.issues = issues;
  }
  static formatIssue(issue: BundleIssue): string {
    const where = [
      issue.file,
      issue.line !== undefined ? `line ${issue.line}` : undefined,
      issue.record,
      issue.column ? `column "${issue.column}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `${where}: ${issue.message}`;
  }
  /** The issues as lines under one summary; `subject` names what was read (default "The data bundle"). */
  static describe(issues: BundleIssue[], subject = 'The data bundle'): string {
    const shown = issues.slice(0, 20).map((i) => `  - ${BundleError.formatIssue(i)}`);
    const more = issues.length > 20 ? [`  … and ${issues.length - 20} more`] : [];
    return [
      `${subject} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was loaded:`,
      ...shown,
      ...more,
    ].join('\n');
  }
}

/** A business, capability or other entity that is not in the network. */
export class NotFoundError extends PartnerAtlasError {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} with id "${id}" in the network.`);
  }
}

/** Input that is well-formed but not acceptable (bad option, unknown column to sort by…). */
export class InvalidInputError extends PartnerAtlasError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A data source (Neo4j, a directory) that cannot be reached. */
export class SourceUnavailableError extends PartnerAtlasError {
  override name = 'SourceUnavailableError';
  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
