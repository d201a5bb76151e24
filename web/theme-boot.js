// The entry of web/dist/theme.js, the one script in <head>: sets the theme (web/theme.js) before
// the page is drawn, so a dark page never flashes light, and asks for the module's wasm early
// (web/preload.js).
import './theme.js';
import { preloadWasm } from './preload.js';

preloadWasm(document.currentScript);
