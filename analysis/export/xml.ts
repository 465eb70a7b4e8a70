/** XML text escaping shared by the GEXF and GraphML writers. */

/**
 * Escape text for XML content and attribute values; drops characters XML 1.0 forbids (business
 * ids never hold them: `businessIdProblem` in analysis/domain.ts) and writes tab, LF and CR as references.
 */
export function escapeXml(text: string): string {
  return (
    xmlText(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // As references, or a reader's attribute-value normalisation turns them into spaces.
      .replace(/\t/g, '&#9;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
  );
}

/** Text without the characters XML 1.0 forbids: what `escapeXml` writes, before escaping. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these control characters.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** A number as XML text; non-finite values become 0 (XML Schema doubles cannot be NaN here). */
export function formatNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : '0';
}
