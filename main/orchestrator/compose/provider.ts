import type { ModelPath } from './diagnostics';
import type { ProviderSpec } from './model';
import type { Reader } from './reader';
import { isRawMap, setOwn } from './reader';

/**
 * `provider`: a service that an external program runs for compose (a docker CLI plugin or a
 * command on PATH), told its `options` as `--name=value` flags. Values are written as compose
 * writes them to that program: numbers and booleans as their text, a list as one flag per item.
 */
export function readProvider(value: unknown, path: ModelPath, r: Reader): ProviderSpec | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  let type: string | undefined;
  const options: Record<string, string[]> = {};
  for (const [key, v] of Object.entries(m)) {
    const kp = [...path, key];
    if (key === 'type') type = r.string(v, kp);
    else if (key === 'options') {
      if (!isRawMap(v)) {
        r.wrongType(kp, 'a map of option names to values', v);
        continue;
      }
      for (const [name, option] of Object.entries(v)) {
        const texts = (Array.isArray(option) ? option : [option]).flatMap((item: unknown, i) => {
          if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return [String(item)];
          r.wrongType(
            Array.isArray(option) ? [...kp, name, i] : [...kp, name],
            'a string, a number or a boolean',
            item,
          );
          return [];
        });
        setOwn(options, name, texts);
      }
    } else if (!key.startsWith('x-'))
      r.report('error', kp, 'unknown-key', `"${key}" is not a key of provider`, 'the keys are type and options', true);
  }
  // Said once, here: the file does not load, and the service is not also said to lack an image.
  if (!type)
    r.error(
      path,
      'invalid-value',
      'a provider needs a type: the program that runs the service',
      'add type: <name> (a docker CLI plugin docker-<name>, or a command <name> on PATH)',
    );
  else if (type === 'compose')
    r.error(
      [...path, 'type'],
      'invalid-value',
      "'compose' is not a valid provider type",
      'name the program that runs the service (docker compose refuses compose too)',
    );
  return { type: type ?? '', options };
}
