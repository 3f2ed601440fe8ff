/**
 * The text of a transcript that insights analyse, and that key phrase offsets point into: each segment's text
 * trimmed, the empty ones left out, joined with one space — what the server stores as an edited transcript's `text`.
 * Plain (no zod) so the dashboard can map a phrase back to its segment and words without the schemas.
 */
export function joinTranscriptSegments(segments: readonly { text: string }[]): string {
  return segments
    .map((s) => s.text.trim())
    .filter((t) => t.length > 0)
    .join(' ');
}
