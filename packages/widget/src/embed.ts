// embed.js: built as a classic script (IIFE). Must stay tiny: no imports but the loader.
import { embed } from './embed/embed-loader.js';

embed(document.currentScript as HTMLScriptElement | null);
