import type { RegistryAuth } from './registry-auth';
import { registryOf } from './registry-auth';

/** What pulling an image would download: its layers, compressed, as its registry's manifest lists them. */
export interface PullSize {
  layers: number;
  bytes: number;
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const TIMEOUT_MS = 5000;

interface Reference {
  /** Where the registry answers (https, or http for one on this machine, as docker allows). */
  base: string;
  repository: string;
  reference: string;
}

/** Splits `host:port/path/name:tag@digest` as docker does; Docker Hub's official images live under library/. */
export function parseReference(image: string): Reference {
  const registry = registryOf(image);
  let rest = registry === 'docker.io' && !image.startsWith('docker.io/') ? image : image.slice(image.indexOf('/') + 1);
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const repository = registry === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return { base: `${local ? 'http' : 'https'}://${host}`, repository, reference };
}

/** The Bearer challenge's parameters: realm, service, scope. */
function challenge(header: string | null): Record<string, string> | undefined {
  if (!header || !/^Bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) if (m[1] && m[2] !== undefined) params[m[1]] = m[2];
  return params.realm ? params : undefined;
}

async function token(
  params: Record<string, string>,
  auth: RegistryAuth | undefined,
  signal: AbortSignal,
): Promise<string | undefined> {
  const url = new URL(params.realm ?? '');
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const headers: Record<string, string> =
    auth?.username && auth.password
      ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` }
      : {};
  const res = await fetch(url, { headers, signal });
  if (!res.ok) return undefined;
  const body = (await res.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}

interface Manifest {
  mediaType?: string;
  manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
  layers?: { size: number }[];
}

/**
 * What pulling `image` would download, from its registry's manifest (for `platform`, os/arch, when
 * it is a multi-platform index); undefined when the registry does not answer, refuses, or has no such
 * image. The engine has no API for this before a pull, so it is read from the registry itself.
 */
export async function pullSize(
  image: string,
  platform: { os: string; architecture: string },
  auth?: RegistryAuth,
): Promise<PullSize | undefined> {
  const ref = parseReference(image);
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let bearer: string | undefined;
  const get = async (reference: string): Promise<Manifest | undefined> => {
    const url = `${ref.base}/v2/${ref.repository}/manifests/${reference}`;
    const headers = (): Record<string, string> => ({
      accept: ACCEPT,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    });
    let res = await fetch(url, { headers: headers(), signal });
    const asked = res.status === 401 ? challenge(res.headers.get('www-authenticate')) : undefined;
    if (asked) {
      bearer = await token(asked, auth, signal);
      if (!bearer) return undefined;
      res = await fetch(url, { headers: headers(), signal });
    }
    return res.ok ? ((await res.json()) as Manifest) : undefined;
  };
  try {
    let manifest = await get(ref.reference);
    if (manifest?.manifests) {
      const wanted =
        manifest.manifests.find(
          (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture,
        ) ?? manifest.manifests[0];
      manifest = wanted ? await get(wanted.digest) : undefined;
    }
    if (!manifest?.layers) return undefined;
    return { layers: manifest.layers.length, bytes: manifest.layers.reduce((n, l) => n + l.size, 0) };
  } catch {
    // Unreachable, timed out, or not JSON: the size is unknown, which the checklist says.
    return undefined;
  }
}
