// Values that a chart passes through Helm's `tpl` (Vector's customConfig, Alloy's config) are
// templates: a literal `{{ ... }}` in them, such as the Loki sink's label templates `{{ pod }}`,
// would be run as a Helm function and fail the render. Each run of braces that holds `{{` or `}}`
// is written as a Go-template raw-string action that prints it ({{`{{`}}), so `tpl` gives back the
// original text. A raw string needs no quotes, so it survives YAML's double-quoted form too (the
// Vector chart runs `tpl` over `toYaml` of the values).

/** Runs of braces containing a template delimiter, e.g. `{{`, `}}}`, `{}}`. */
const DELIMITER_RUN = /[{}]*(?:\{\{|\}\})[{}]*/g;
/** The escaped form of such a run. */
const ESCAPED_RUN = /\{\{`([{}]+)`\}\}/g;

/** The string, escaped so that Helm's `tpl` renders it unchanged. */
export const literalForTpl = (text: string): string => text.replace(DELIMITER_RUN, (run) => `{{\`${run}\`}}`);

/** What `tpl` makes of an escaped string: the original (test/render.test.ts proves it with Helm). */
export const afterTpl = (text: string): string => text.replace(ESCAPED_RUN, "$1");

const mapStrings = (value: unknown, f: (s: string) => string): unknown => {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  return value;
};

/** Every string inside a value (keys too), escaped for `tpl`. */
export const valuesForTpl = <T>(value: T): T => mapStrings(value, literalForTpl) as T;

/** A value as the chart's `tpl` hands it to the program, for the checks of its configuration. */
export const valuesAfterTpl = <T>(value: T): T => mapStrings(value, afterTpl) as T;
