import type { ModelPath } from './diagnostics';
import { interpolate } from './interpolate';
import type { VariableLookup } from './interpolate';
import type { Reader } from './reader';
import { setOwn } from './reader';
import { MergeTag } from './merge-tags';

/**
 * Interpolates every string value of a parsed compose file (never the keys), reporting bad syntax and
 * missing required variables at the value's location, and unset variables once each as warnings.
 */
export function interpolateTree(value: unknown, r: Reader, lookup: VariableLookup, warned: Set<string>): unknown {
  const visit = (v: unknown, path: ModelPath): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('$')) return v;
      const result = interpolate(v, lookup);
      if (result.problem) {
        const problem = result.problem;
        if (problem.kind === 'missing') {
          r.error(
            path,
            'missing-variable',
            problem.message,
            `set ${problem.variable} in your shell or in .env beside the compose file`,
            problem.variable,
          );
        } else {
          r.error(
            path,
            'invalid-interpolation',
            problem.message,
            'write $$ for a literal "$"; close every "${" with "}"',
          );
        }
        return result.value;
      }
      for (const name of result.unset) {
        if (warned.has(name)) continue;
        warned.add(name);
        r.report(
          'warning',
          path,
          'unset-variable',
          `the variable ${name} is not set; using an empty string`,
          `set ${name} in your shell or in .env, or give a default: \${${name}:-value}`,
          false,
          name,
        );
      }
      return result.value;
    }
    if (v instanceof MergeTag) return new MergeTag(v.tag, visit(v.value, path));
    if (Array.isArray(v)) return v.map((item, i) => visit(item, [...path, i]));
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) setOwn(out, k, visit(child, [...path, k]));
      return out;
    }
    return v;
  };
  return visit(value, []);
}
