/** The body of a new message with the identity's signature under an empty first line (and above any quote). */
export function withSignature(html: string, signature: string): string {
  if (!signature.trim()) return html;
  const block = `<p></p><p>-- </p>${signature}`;
  return html ? `${block}${html}` : block;
}
