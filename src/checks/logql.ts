// LogQL syntax check (@grafana/lezer-logql, the parser of Grafana's Loki editor) for Loki queries.
import { parser } from "@grafana/lezer-logql";

export function logqlErrors(expr: string): string[] {
  const errors: string[] = [];
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at ${cursor.from}: "${expr.slice(Math.max(0, cursor.from - 10), cursor.to + 10)}"`);
  } while (cursor.next());
  return errors;
}
