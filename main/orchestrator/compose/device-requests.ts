import type { ModelPath } from './diagnostics';
import { readBytes } from './sizes';
import type { BlkioConfig, DeviceRequest, EngineSettings } from './model';
import { isRawMap } from './reader';
import type { Reader } from './reader';

const REQUEST_KEYS = ['capabilities', 'count', 'device_ids', 'driver', 'options'];

/**
 * One device request (`gpus` entry, `deploy.resources.reservations.devices` entry). `count: all` is
 * -1, the engine's "every device"; a reservation naming neither count nor ids asks for all, as in
 * compose. `gpus` adds the "gpu" capability itself.
 */
function readRequest(value: unknown, path: ModelPath, r: Reader, gpu: boolean): DeviceRequest | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  const out: DeviceRequest = { capabilities: [], deviceIds: [], options: {} };
  for (const [key, v] of Object.entries(m)) {
    const p = [...path, key];
    if (key === 'capabilities') out.capabilities = r.stringList(v, p) ?? [];
    else if (key === 'count') out.count = v === 'all' ? -1 : r.int(v, p, -1);
    else if (key === 'device_ids') out.deviceIds = r.stringList(v, p) ?? [];
    else if (key === 'driver') {
      const d = r.string(v, p);
      if (d) out.driver = d;
    } else if (key === 'options') out.options = (r.keyValues(v, p, false) as Record<string, string> | undefined) ?? {};
    else if (!key.startsWith('x-'))
      r.report(
        'error',
        p,
        'unknown-key',
        `"${key}" is not a key of a device request`,
        `the keys are ${REQUEST_KEYS.join(', ')}`,
        true,
      );
  }
  if (out.count !== undefined && out.deviceIds.length > 0)
    r.error(
      path,
      'invalid-value',
      'a device request sets both count and device_ids',
      'keep one: count asks for any N devices, device_ids for those ones',
    );
  if (gpu && !out.capabilities.includes('gpu')) out.capabilities = [...out.capabilities, 'gpu'];
  if (!gpu && out.capabilities.length === 0)
    r.error(
      path,
      'invalid-value',
      'a reserved device needs capabilities',
      'say what it is for, e.g. capabilities: [gpu]',
    );
  if (out.count === undefined && out.deviceIds.length === 0) out.count = -1;
  return out;
}

/** `gpus: all`, or a list of requests. */
export function readGpus(value: unknown, path: ModelPath, r: Reader): DeviceRequest[] | undefined {
  if (value === 'all') return [{ count: -1, capabilities: ['gpu'], deviceIds: [], options: {} }];
  if (!Array.isArray(value)) return r.wrongType(path, '"all" or a list of device requests', value);
  return value.flatMap((v: unknown, i) => readRequest(v, [...path, i], r, true) ?? []);
}

export function readReservedDevices(value: unknown, path: ModelPath, r: Reader): DeviceRequest[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of device requests', value);
  return value.flatMap((v: unknown, i) => readRequest(v, [...path, i], r, false) ?? []);
}

const BLKIO_RATES = {
  device_read_bps: 'deviceReadBps',
  device_write_bps: 'deviceWriteBps',
  device_read_iops: 'deviceReadIops',
  device_write_iops: 'deviceWriteIops',
} as const;

/** `blkio_config`: a weight, weights per device, and byte or operation rates per device. */
export function readBlkio(value: unknown, path: ModelPath, r: Reader): BlkioConfig | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  const out: BlkioConfig = {
    weightDevice: [],
    deviceReadBps: [],
    deviceWriteBps: [],
    deviceReadIops: [],
    deviceWriteIops: [],
  };
  for (const [key, v] of Object.entries(m)) {
    const p = [...path, key];
    if (key === 'weight') {
      const w = r.int(v, p, 10, 1000);
      if (w !== undefined) out.weight = w;
    } else if (key === 'weight_device' || key in BLKIO_RATES) {
      if (!Array.isArray(v)) {
        r.wrongType(p, 'a list of { path, … } entries', v);
        continue;
      }
      v.forEach((entry: unknown, i) => {
        const ep = [...p, i];
        if (!isRawMap(entry))
          return r.wrongType(ep, 'a mapping with path and ' + (key === 'weight_device' ? 'weight' : 'rate'), entry);
        const devicePath = r.string(entry.path, [...ep, 'path']);
        if (key === 'weight_device') {
          const weight = r.int(entry.weight, [...ep, 'weight'], 10, 1000);
          if (devicePath && weight !== undefined) out.weightDevice.push({ path: devicePath, weight });
        } else {
          // Bytes per second take sizes ("12mb"); operations per second are counts.
          const rate = key.endsWith('_bps')
            ? readBytes(entry.rate, [...ep, 'rate'], r)
            : r.int(entry.rate, [...ep, 'rate'], 0);
          if (devicePath && rate !== undefined)
            out[BLKIO_RATES[key as keyof typeof BLKIO_RATES]].push({ path: devicePath, rate });
        }
      });
    } else if (!key.startsWith('x-')) {
      r.report(
        'error',
        p,
        'unknown-key',
        `"${key}" is not a key of blkio_config`,
        `the keys are weight, weight_device, ${Object.keys(BLKIO_RATES).join(', ')}`,
        true,
      );
    }
  }
  return out;
}

/** The settings readers for these keys, beside the others in engine-settings.ts. */
export const DEVICE_SETTING_KEYS: Readonly<
  Record<string, (s: EngineSettings, value: unknown, path: ModelPath, r: Reader) => void>
> = {
  gpus: (s, v, p, r) => {
    const g = readGpus(v, p, r);
    if (g) s.gpus = g;
  },
  blkio_config: (s, v, p, r) => {
    const b = readBlkio(v, p, r);
    if (b) s.blkio = b;
  },
  annotations: (s, v, p, r) => {
    const a = r.keyValues(v, p, false);
    if (a) s.annotations = a as Record<string, string>;
  },
};
