// `npm start`: installs what is missing, builds what is stale, then runs the embedded app
// (all four services, the web app, PGlite in ./data) in THIS process.
import { ensureBuilt, ensureDependencies, root } from './ensure.mjs';

ensureDependencies();
ensureBuilt();
process.chdir(root);
await import(new URL('../apps/server/dist/main.js', import.meta.url).href);
