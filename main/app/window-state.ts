import type { WindowBounds } from '../session/settings-store';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
/** The smallest window the layout works in (also the window's minimum size). */
export const MIN_SIZE = { width: 880, height: 560 };

/**
 * Where the window opens: where it was, if that is still on a screen (a monitor may have gone away
 * since); else the remembered size, centred by the OS; sizes never below the minimum or above the
 * largest screen.
 */
export function restoreBounds(
  saved: WindowBounds | undefined,
  displays: readonly Area[],
): { x?: number; y?: number; width: number; height: number; maximized: boolean } {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false };
  const widest = Math.max(...displays.map((d) => d.width), MIN_SIZE.width);
  const tallest = Math.max(...displays.map((d) => d.height), MIN_SIZE.height);
  const width = Math.min(Math.max(saved.width, MIN_SIZE.width), widest);
  const height = Math.min(Math.max(saved.height, MIN_SIZE.height), tallest);
  const { x, y } = saved;
  if (x === undefined || y === undefined) return { width, height, maximized: saved.maximized };
  // Visible enough: the title bar's first 100 px lie on some screen.
  const onScreen = displays.some((d) => x + 100 > d.x && x < d.x + d.width - 50 && y >= d.y && y < d.y + d.height - 50);
  return onScreen ? { x, y, width, height, maximized: saved.maximized } : { width, height, maximized: saved.maximized };
}
