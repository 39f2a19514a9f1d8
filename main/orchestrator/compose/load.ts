import { existsSync } from 'node:fs';
import { readInputFile } from './input-file';
import { basename, dirname, resolve } from 'node:path';
import { buildGraph, findCycles } from '../graph';
import { ComposeLoadError } from './diagnostics';
import type { Diagnostic, ModelPath } from './diagnostics';
import { projectEnvFiles, readDotenv } from './env-files';
import type { VariableLookup } from './interpolate';
import { interpolateTree } from './interpolate-tree';
import { resolveExtends } from './extends';
import { mergeServiceLayers } from './merge';
import type { NetworkSpec, Service, Stack, StackpilotProjectExtension, VolumeSpec } from './model';
import { Reader, unlistedCount } from './reader';
import { completeService } from './complete-service';
import { readServiceLayer } from './service-layer';
import type { ServiceLayer } from './service-layer';
import { readProjectExtension } from './stackpilot-extension';
import { reportUnapplied } from './key-support';
import { completeFileSources, readFileSources, readGrantContents } from './file-sources';
import type { FileSourceLayer } from './file-sources';
import { addIncluded, loadIncluded, readIncludes } from './include';
import type { IncludeRef } from './include';
import { completeResources, readResources } from './top-level';
import type { ResourceLayer } from './top-level';
import { checkReferences } from './references';
import { parseYamlSource } from './yaml-source';
import { STDIN, readStdin, resolveFiles } from './compose-files';
import { applyMergeTags } from './merge-tags';
import { resolveHostPath } from './volumes';
import type { YamlSource } from './yaml-source';
import {
  projectName,
  activeProfiles,
  mergeProjectExtension,
  mergedSource,
  sortByLocation,
  sortByKey,
} from './load-parts';

export interface LoadOptions {
  /** Where relative `-f` paths and discovery start. */
  cwd: string;
  /** Explicit files (`-f`), merged in order. Without them: COMPOSE_FILE, then discovery from the project directory. */
  files?: readonly string[];
  projectDir?: string;
  projectName?: string;
  profiles?: readonly string[];
  /** The process environment; it wins over `.env`. */
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** `--env-file`: the variable files to use instead of the project's `.env` (else COMPOSE_ENV_FILES). */
  envFiles?: readonly string[];
  /** Reads standard input, for `-f -` (tests give their own). */
  stdin?: () => string;
  /** The files that `include` this one, outermost first (a file that includes itself is an error). */
  including?: readonly string[];
}

export interface LoadResult {
  stack?: Stack;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Loads a stack, or throws a ComposeLoadError with every error found. */
export function loadStackOrThrow(opts: LoadOptions): Stack {
  const result = loadStack(opts);
  if (!result.stack) throw new ComposeLoadError(result.errors, result.warnings);
  return result.stack;
}

/**
 * Find → parse → interpolate → read each file into layers → merge → complete → check references and
 * cycles. Collects every problem it can instead of stopping at the first one.
 */
export function loadStack(opts: LoadOptions): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const split = (): LoadResult => {
    const more = unlistedCount(diagnostics);
    const sorted = sortByLocation(diagnostics);
    if (more > 0)
      sorted.push({
        severity: 'error',
        code: 'too-many-problems',
        message: `and ${more} more problems, not listed`,
        hint: 'fix the ones above and load again',
      });
    return {
      errors: sorted.filter((d) => d.severity === 'error'),
      warnings: sorted.filter((d) => d.severity === 'warning'),
    };
  };

  const files = resolveFiles(opts, diagnostics);
  if (!files) return split();
  const projectDir = resolve(
    opts.cwd,
    opts.projectDir ?? (files[0] === STDIN || files[0] === undefined ? opts.cwd : dirname(files[0])),
  );
  const envFiles = projectEnvFiles(opts, projectDir);
  const dotenv = readDotenv(envFiles, opts.env, diagnostics);
  const lookup: VariableLookup = (name) => opts.env[name] ?? dotenv.get(name);
  const ctx = { projectDir, homeDir: opts.homeDir };

  const sources: YamlSource[] = [];
  for (const file of files) {
    const read = file === STDIN ? readStdin(opts) : readInputFile(file, 'compose file');
    if ('problem' in read) {
      diagnostics.push({
        severity: 'error',
        code: read.problem.kind === 'missing' ? 'file-not-found' : 'file-unreadable',
        message: read.problem.message,
        hint: read.problem.hint,
      });
      continue;
    }
    const parsed = parseYamlSource(file, read.text);
    diagnostics.push(...parsed.errors);
    sources.push(...(parsed.sources ?? []));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return split();

  const warnedVariables = new Set<string>();
  const serviceLayers = new Map<string, ServiceLayer[]>();
  const networkLayers: Record<string, ResourceLayer>[] = [];
  const volumeLayers: Record<string, ResourceLayer>[] = [];
  const secretLayers: Record<string, FileSourceLayer>[] = [];
  const configLayers: Record<string, FileSourceLayer>[] = [];
  const includes: IncludeRef[] = [];
  const extensions: Record<string, unknown> = {};
  let stackpilot: StackpilotProjectExtension = { env: {} };
  let declaredName: { value: string; source: YamlSource } | undefined;

  // Every file interpolated first, so the merge tags of a later file can reach into the earlier ones.
  const values = sources.map((source) =>
    interpolateTree(source.value, new Reader(source, diagnostics), lookup, warnedVariables),
  );
  applyMergeTags(values);
  for (const [i, source] of sources.entries()) {
    const r = new Reader(source, diagnostics);
    const value = values[i];
    if (value === null || value === undefined) {
      r.error(
        [],
        'no-services',
        `${basename(source.file)} is empty`,
        'a compose file needs at least a services: section',
      );
      continue;
    }
    const top = r.map(value, []);
    if (!top) continue;
    for (const [key, v] of Object.entries(top)) {
      const p: ModelPath = [key];
      if (key === 'services') {
        const services = v === null ? {} : r.map(v, p);
        for (const [name, raw] of Object.entries(services ?? {})) {
          if (!SERVICE_NAME.test(name)) {
            r.error(
              ['services', name],
              'invalid-name',
              `"${name}" is not a valid service name`,
              'use letters, digits, ".", "_" and "-", starting with a letter or digit',
            );
            continue;
          }
          const layers = serviceLayers.get(name) ?? [];
          layers.push(readServiceLayer(raw, ['services', name], r, ctx));
          serviceLayers.set(name, layers);
        }
      } else if (key === 'name') {
        const s = r.string(v, p);
        if (s !== undefined) declaredName = { value: s, source };
      } else if (key === 'networks') networkLayers.push(readResources(v, p, r, 'network'));
      else if (key === 'volumes') volumeLayers.push(readResources(v, p, r, 'volume'));
      else if (key === 'include') includes.push(...readIncludes(v, p, r));
      else if (key === 'secrets') secretLayers.push(readFileSources(v, p, r, 'secret', ctx));
      else if (key === 'configs') configLayers.push(readFileSources(v, p, r, 'config', ctx));
      else if (key === 'version')
        r.warn(
          p,
          'obsolete-key',
          '"version" is obsolete and ignored',
          'remove it: the Compose Specification does not use it',
        );
      else if (key === 'x-stackpilot') {
        stackpilot = mergeProjectExtension(stackpilot, readProjectExtension(v, p, r));
        extensions[key] = v;
      } else if (key.startsWith('x-')) extensions[key] = v;
      else reportUnapplied(r, p, 'top_level', key);
    }
  }

  const merged = mergedSource(sources);
  const r = new Reader(merged, diagnostics);
  if (serviceLayers.size === 0 && includes.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    r.error(
      ['services'],
      'no-services',
      'no services are defined',
      'add a services: section with at least one service',
    );
  }

  const name = projectName(opts, lookup, declaredName, projectDir, diagnostics);
  const all: Record<string, Service> = {};
  const mergedLayers = new Map([...serviceLayers].map(([svc, layers]) => [svc, mergeServiceLayers(layers)]));
  const extended = resolveExtends(mergedLayers, { lookup, homeDir: opts.homeDir, diagnostics, warnedVariables });
  for (const [svc, layer] of extended.layers)
    all[svc] = completeService(svc, layer, r, ctx, lookup, !extended.unresolved.has(svc));

  const profiles = activeProfiles(opts, lookup);
  const services: Record<string, Service> = {};
  const inactiveServices: Record<string, Service> = {};
  for (const [svc, service] of Object.entries(all)) {
    const active =
      service.profiles.length === 0 || profiles.includes('*') || service.profiles.some((p) => profiles.includes(p));
    (active ? services : inactiveServices)[svc] = service;
  }

  const hostPath = (p: string): string => resolveHostPath(p, ctx);
  const networks = completeResources(networkLayers, name, 'network', hostPath) as Record<string, NetworkSpec>;
  const volumes = completeResources(volumeLayers, name, 'volume', hostPath) as Record<string, VolumeSpec>;
  const secrets = completeFileSources(secretLayers, 'secret', r, lookup, name);
  const configs = completeFileSources(configLayers, 'config', r, lookup, name);
  const scope = { services, inactiveServices, networks, volumes, secrets, configs };
  // What config --no-normalize prints as written: the resources whose name was written.
  const named = (kind: string, layers: Record<string, { name?: string }>[]): string[] =>
    layers.flatMap((l) => Object.entries(l).flatMap(([k, v]) => (v.name !== undefined ? [`${kind}.${k}`] : [])));
  const written = {
    named: [
      ...named('networks', networkLayers),
      ...named('volumes', volumeLayers),
      ...named('secrets', secretLayers),
      ...named('configs', configLayers),
    ],
    implicit: [] as string[],
  };
  for (const include of includes) {
    const included = loadIncluded(
      include,
      { ...opts, projectName: name, including: [...(opts.including ?? []), ...files] },
      diagnostics,
    );
    if (included) addIncluded(scope, included, include, diagnostics);
    if (included?.written) {
      written.named.push(...included.written.named);
      written.implicit.push(...included.written.implicit);
    }
  }
  checkReferences({ services, inactiveServices, networks, volumes, secrets, configs }, r);
  readGrantContents(services, { secrets, configs }, r);
  if (Object.values(services).some((s) => 'default' in s.networks) && !networks.default) {
    networks.default = {
      name: `${name}_default`,
      external: false,
      driverOpts: {},
      labels: {},
      internal: false,
      attachable: false,
    };
    if (!written.implicit.includes('networks.default')) written.implicit.push('networks.default');
  }
  for (const cycle of findCycles(buildGraph(services))) {
    const [first = '', second = ''] = cycle;
    r.error(
      ['services', first, 'depends_on', second],
      'dependency-cycle',
      `dependency cycle: ${cycle.join(' -> ')}`,
      'remove one of these depends_on entries to break the cycle',
    );
  }

  const result = split();
  if (result.errors.length > 0) return result;
  return {
    ...result,
    stack: {
      name,
      projectDir,
      files,
      envFiles: envFiles.files.filter((f) => existsSync(f)),
      services: sortByKey(services),
      inactiveServices: sortByKey(inactiveServices),
      activeProfiles: profiles,
      networks: sortByKey(networks),
      volumes: sortByKey(volumes),
      secrets: sortByKey(secrets),
      configs: sortByKey(configs),
      extensions,
      stackpilot,
      warnings: result.warnings,
      written,
    },
  };
}
