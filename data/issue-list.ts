/**
 * The one collector of the problems a source finds, used by every source and by the shared
 * record validation: it keeps up to a cap (a broken 1M-row file does not build a 1M-line
 * error), counts the rest, and throws them as one `BundleError`.
 */
import { BundleError, type BundleIssue } from '../analysis/errors.ts';

/** Where a value is: file (or Neo4j pattern), line, column or JSON path, record. */
export type IssueLocation = Omit<BundleIssue, 'message'>;

/** Default cap of listed problems. */
export const MAX_ISSUES = 100;

export class IssueList {
  private readonly items: BundleIssue[] = [];
  private dropped = 0;
  /**
   * @param max problems kept (default 100)
   * @param subject what was read, for the summary line (default "The data bundle")
   */
  constructor(
    private readonly max: number = MAX_ISSUES,
    readonly subject = 'The data bundle',
  ) {}
  add(issue: BundleIssue): void {
    if (this.items.length < this.max) this.items.push(issue);
    else this.dropped++;
  }
  /** Take over the problems another list collected. */
  merge(other: IssueList): void {
    for (const issue of other.items) this.add(issue);
    this.dropped += other.dropped;
  }
  /** Every problem found, kept or not. */
  get length(): number {
    return this.items.length + this.dropped;
  }
  /** The kept problems, and one line saying how many more were found. */
  all(): BundleIssue[] {
    return this.dropped > 0
      ? [
          ...this.items,
          { file: 'bundle', message: `${this.dropped} more problems not listed; fix the ones above first` },
        ]
      : [...this.items];
  }
  /**
   * @param order sorts the problems before they are listed (default: as found)
   * @throws BundleError with every problem, when there is any
   */
  throwIfAny(order?: (issues: BundleIssue[]) => BundleIssue[]): void {
    if (this.length === 0) return;
    const issues = order ? order(this.all()) : this.all();
    throw new BundleError(issues, BundleError.describe(issues, this.subject));
  }
}
