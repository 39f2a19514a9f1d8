/// <reference types="vite/client" />
import type { BridgeApi } from '../preload/contract';

declare global {
  interface Window {
    /** Present in Electron (the preload); absent in browser mode, where the WebSocket transport is used. */
    stackpilot?: BridgeApi;
  }
}
