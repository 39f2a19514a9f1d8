import type { ContainerDriver } from '../driver';
import type { ImagePort } from './image-prune';

/**
 * The engine calls the command line makes on one container or image at a time (readings, processes,
 * commands, files, attach, images): none of them changes what the stack's state machine tracks.
 */
export type InsidePort = Pick<
  ContainerDriver,
  | 'attachContainer'
  | 'containerDetails'
  | 'killContainer'
  | 'stats'
  | 'top'
  | 'execAttached'
  | 'exec'
  | 'exportContainer'
  | 'commitContainer'
  | 'listVolumes'
  | 'statPath'
  | 'readArchive'
  | 'writeArchive'
  | ImagePort
>;
