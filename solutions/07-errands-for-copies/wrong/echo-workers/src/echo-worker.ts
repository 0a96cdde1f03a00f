/** The decoy's worker: hands back whatever it is given. */
export default function echo(text: string): string {
  return text;
}
