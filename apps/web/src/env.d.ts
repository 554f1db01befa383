interface ImportMetaEnv {
  /** Map tiles (XYZ URL template); default OpenStreetMap's. Set at build time. */
  readonly VITE_MAP_TILE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
