/** Types of eslint-layers.mjs, for the tests that read its layer list. */
export declare const LAYERS: Record<string, { may: string[]; typesOnly?: string[] }>;
export declare const layersPlugin: { rules: Record<string, unknown> };
