// The dashboard's entry (dist/app.js): defines <rb-app> and every page it shows.
import { defineRbApp } from './app/app.component.js';

defineRbApp();
