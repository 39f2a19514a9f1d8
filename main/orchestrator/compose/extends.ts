import { readInputFile } from './input-file';
import { dirname } from 'node:path';
import type { Diagnostic, ModelPath } from './diagnostics';
import type { VariableLookup } from './interpolate';
import { interpolateTree } from './interpolate-tree';
import { mergeServiceLayers } from './merge';
import { isRawMap, Reader } from './reader';
import { readServiceLayer } from './service-layer';
import type { ServiceLayer } from './service-layer';
import { parseYamlSource } from './yaml-source';
import { applyMergeTags } from './merge-tags';

interface ExtendsContext {
  lookup: VariableLookup;
  homeDir: string;
  diagnostics: Diagnostic[];
  warnedVariables: Set<string>;
}

/**
 * Resolves `extends` for every service, as compose does: the base service (itself resolved first)
 * is merged under the extending one with the rules of override files; `depends_on` is never taken
 * from the base, so that a service's dependencies are always visible where it is written. A base in
 * another file is read from there, its relative paths from its own folder.
 */
export function resolveExtends(
  layers: ReadonlyMap<string, ServiceLayer>,
  ctx: ExtendsContext,
): { layers: Map<string, ServiceLayer>; unresolved: Set<string> } {
  const files = new Map<string, Map<string, ServiceLayer> | undefined>();
  const done = new Map<string, Map<string, ServiceLayer>>();
  const cycles = new Set<string>();

  const resolveIn = (
    scope: string,
    model: ReadonlyMap<string, ServiceLayer>,
    name: string,
    chain: readonly string[],
  ): ServiceLayer | undefined => {
    const cache = done.get(scope) ?? new Map<string, ServiceLayer>();
    done.set(scope, cache);
    const cached = cache.get(name);
    if (cached) return cached;
    const layer = model.get(name);
    if (!layer?.extends) return layer;
    const ref = layer.extends;
    const key = `${scope}#${name}`;
    const r = new Reader(ref.origin.source, ctx.diagnostics);
    if (chain.includes(key)) {
      const circle = [...chain.slice(chain.indexOf(key)), key];
      // One circle is said once, at the service it was entered from.
      const id = [...new Set(circle)].sort().join(' ');
      if (!cycles.has(id)) {
        cycles.add(id);
        r.error(
          ref.origin.path,
          'dependency-cycle',
          `extends goes round in a circle: ${circle.map((k) => k.split('#')[1]).join(' -> ')}`,
          'make one of these services stand on its own',
        );
      }
      return undefined;
    }
    const baseModel = ref.file ? readFile(ref.file, r, ref.origin.path) : model;
    const baseScope = ref.file ?? scope;
    if (!baseModel) return undefined;
    if (!baseModel.has(ref.service)) {
      r.error(
        ref.origin.path,
        'unknown-dependency',
        `service "${name}" extends "${ref.service}", which is not defined${ref.file ? ` in ${ref.file}` : ''}`,
        'fix the name, or define that service',
      );
      return undefined;
    }
    const base = resolveIn(baseScope, baseModel, ref.service, [...chain, key]);
    if (!base) return undefined;
    const { dependsOn: _notInherited, extends: _resolved, ...inherited } = base;
    const { extends: _own, ...local } = layer;
    const result = mergeServiceLayers([inherited, local]);
    cache.set(name, result);
    return result;
  };

  /** The services of another compose file, each as one layer read with that file's folder for paths. */
  const readFile = (file: string, r: Reader, at: ModelPath): Map<string, ServiceLayer> | undefined => {
    if (files.has(file)) return files.get(file);
    const read = readInputFile(file, 'extends: the file');
    if ('problem' in read) {
      r.error(
        at,
        'file-unreadable',
        read.problem.message,
        read.problem.kind === 'missing'
          ? 'fix extends.file (it is relative to the file that says it)'
          : read.problem.hint,
      );
      files.set(file, undefined);
      return undefined;
    }
    const parsed = parseYamlSource(file, read.text);
    ctx.diagnostics.push(...parsed.errors);
    if (!parsed.source) {
      files.set(file, undefined);
      return undefined;
    }
    const fr = new Reader(parsed.source, ctx.diagnostics);
    const value = interpolateTree(parsed.source.value, fr, ctx.lookup, ctx.warnedVariables);
    // A merge tag in a file that is extended from has nothing earlier to act on: it only unwraps.
    applyMergeTags([value]);
    const services = isRawMap(value) && isRawMap(value.services) ? value.services : {};
    const model = new Map<string, ServiceLayer>();
    for (const [svc, raw] of Object.entries(services))
      model.set(svc, readServiceLayer(raw, ['services', svc], fr, { projectDir: dirname(file), homeDir: ctx.homeDir }));
    files.set(file, model);
    return model;
  };

  const out = new Map<string, ServiceLayer>();
  const unresolved = new Set<string>();
  for (const [name, layer] of layers) {
    // One that cannot be resolved has said why; it stays, without its base, for the other checks.
    const { extends: _unresolved, ...own } = layer;
    const resolved = resolveIn('', layers, name, []);
    if (!resolved) unresolved.add(name);
    out.set(name, resolved ?? own);
  }
  return { layers: out, unresolved };
}
