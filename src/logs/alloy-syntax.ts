// A parser of the Alloy configuration syntax (grafana.com/docs/alloy/latest/get-started/syntax/):
// a file is a body of attributes (`name = expr`) and blocks (`name.name "label" { body }`);
// expressions are literals, arrays, objects, references (`a.b.c`), calls (`sys.env("X")`) and
// operators. Used to check the Alloy configuration vigil generates, and the references between
// its components, since no Alloy binary can run here.

type Token = { kind: "ident" | "string" | "number" | "punct" | "eof"; value: string; pos: number };

export interface AlloyBlock {
  name: string;
  label?: string;
  attributes: Record<string, AlloyExpr>;
  blocks: AlloyBlock[];
}
export type AlloyExpr =
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "array"; items: AlloyExpr[] }
  | { kind: "object"; fields: Record<string, AlloyExpr> }
  | { kind: "ref"; path: string[] }
  | { kind: "call"; fn: string[]; args: AlloyExpr[] }
  | { kind: "binary"; op: string; left: AlloyExpr; right: AlloyExpr }
  | { kind: "unary"; op: string; operand: AlloyExpr };

export class AlloySyntaxError extends Error {}

const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "{", "}", "[", "]", "(", ")", "=", ",", ".", "+", "-", "*", "/", "%", "^", "<", ">", "!"];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string) => {
    throw new AlloySyntaxError(`${msg} at ${lineCol(src, i)}`);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (src.startsWith("//", i)) while (i < src.length && src[i] !== "\n") i++;
    else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) fail("unterminated comment");
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\n") fail("newline in string");
        if (src[j] === "\\") {
          const e = src[j + 1];
          if (e === undefined || !'"\\nrt'.includes(e)) fail(`invalid escape \\${e}`);
          value += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e;
          j += 2;
        } else value += src[j++];
      }
      if (j >= src.length) fail("unterminated string");
      out.push({ kind: "string", value, pos: i });
      i = j + 1;
    } else if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) fail("unterminated raw string");
      out.push({ kind: "string", value: src.slice(i + 1, end), pos: i });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ kind: "number", value: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: "ident", value: m[0], pos: i });
      i += m[0].length;
    } else {
      const p = PUNCT.find((x) => src.startsWith(x, i));
      if (!p) fail(`unexpected character "${c}"`);
      out.push({ kind: "punct", value: p!, pos: i });
      i += p!.length;
    }
  }
  out.push({ kind: "eof", value: "", pos: src.length });
  return out;
}

function lineCol(src: string, pos: number): string {
  const before = src.slice(0, pos).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

export function parseAlloy(src: string): AlloyBlock[] {
  const tokens = tokenize(src);
  let k = 0;
  const peek = (o = 0) => tokens[k + o]!;
  const next = () => tokens[k++]!;
  const fail = (msg: string): never => {
    throw new AlloySyntaxError(`${msg} at ${lineCol(src, peek().pos)}`);
  };
  const expect = (value: string) => (peek().value === value && peek().kind !== "string" ? next() : fail(`expected "${value}", found "${peek().value || "end of file"}"`));

  function body(end: string): AlloyBlock {
    const block: AlloyBlock = { name: "", attributes: {}, blocks: [] };
    while (!(peek().kind === "punct" && peek().value === end) && peek().kind !== "eof") {
      if (peek().kind !== "ident") fail(`expected an attribute or block name, found "${peek().value}"`);
      const names = [next().value];
      while (peek().value === "." && peek(1).kind === "ident") {
        next();
        names.push(next().value);
      }
      if (peek().value === "=" && peek().kind === "punct") {
        if (names.length > 1) fail(`attribute names cannot have dots: ${names.join(".")}`);
        next();
        if (names[0]! in block.attributes) fail(`attribute "${names[0]}" set twice`);
        block.attributes[names[0]!] = expr();
      } else {
        const label = peek().kind === "string" ? next().value : undefined;
        expect("{");
        const inner = body("}");
        expect("}");
        block.blocks.push({ ...inner, name: names.join("."), ...(label !== undefined ? { label } : {}) });
      }
    }
    return block;
  }

  const BINARY: string[][] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"], ["^"]];
  function expr(level = 0): AlloyExpr {
    if (level === BINARY.length) return unary();
    let left = expr(level + 1);
    while (peek().kind === "punct" && BINARY[level]!.includes(peek().value)) {
      const op = next().value;
      left = { kind: "binary", op, left, right: expr(level + 1) };
    }
    return left;
  }
  function unary(): AlloyExpr {
    if (peek().kind === "punct" && (peek().value === "!" || peek().value === "-")) return { kind: "unary", op: next().value, operand: unary() };
    return primary();
  }
  function primary(): AlloyExpr {
    const t = peek();
    if (t.kind === "string") return next(), { kind: "literal", value: t.value };
    if (t.kind === "number") return next(), { kind: "literal", value: Number(t.value) };
    if (t.kind === "ident" && ["true", "false", "null"].includes(t.value)) return next(), { kind: "literal", value: t.value === "null" ? null : t.value === "true" };
    if (t.value === "(") {
      next();
      const e = expr();
      expect(")");
      return e;
    }
    if (t.value === "[") {
      next();
      const items: AlloyExpr[] = [];
      while (peek().value !== "]") {
        items.push(expr());
        if (peek().value !== "]") expect(",");
      }
      expect("]");
      return { kind: "array", items };
    }
    if (t.value === "{") {
      next();
      const fields: Record<string, AlloyExpr> = {};
      while (peek().value !== "}") {
        const key = peek().kind === "ident" || peek().kind === "string" ? next().value : fail(`expected an object key, found "${peek().value}"`);
        expect("=");
        fields[key] = expr();
        if (peek().value !== "}") expect(",");
      }
      expect("}");
      return { kind: "object", fields };
    }
    if (t.kind === "ident") {
      const path = [next().value];
      while (peek().value === "." && peek(1).kind === "ident") {
        next();
        path.push(next().value);
      }
      if (peek().value === "(") {
        next();
        const args: AlloyExpr[] = [];
        while (peek().value !== ")") {
          args.push(expr());
          if (peek().value !== ")") expect(",");
        }
        expect(")");
        return { kind: "call", fn: path, args };
      }
      return { kind: "ref", path };
    }
    return fail(`expected an expression, found "${t.value || "end of file"}"`);
  }

  const file = body("eof");
  if (peek().kind !== "eof") fail(`unexpected "${peek().value}"`);
  return file.blocks;
}

/** References to other components (`kind.name.label.export`) that name no declared component. */
export function unresolvedReferences(blocks: AlloyBlock[]): string[] {
  const declared = new Set(blocks.filter((b) => b.label !== undefined).map((b) => `${b.name}.${b.label}`));
  const out: string[] = [];
  const visit = (e: AlloyExpr) => {
    if (e.kind === "ref" && e.path.length >= 3 && !["sys", "env"].includes(e.path[0]!)) {
      const component = e.path.slice(0, -1).join(".");
      if (![...declared].some((d) => component === d || component.startsWith(d + "."))) out.push(e.path.join("."));
    }
    if (e.kind === "array") e.items.forEach(visit);
    if (e.kind === "object") Object.values(e.fields).forEach(visit);
    if (e.kind === "call") e.args.forEach(visit);
    if (e.kind === "binary") (visit(e.left), visit(e.right));
    if (e.kind === "unary") visit(e.operand);
  };
  const walk = (b: AlloyBlock) => {
    Object.values(b.attributes).forEach(visit);
    b.blocks.forEach(walk);
  };
  blocks.forEach(walk);
  return out;
}
