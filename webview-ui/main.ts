// Webview entry (bundled by esbuild.mjs to dist/webview/main.js). The page shell is
// src/extension/panel/panelHtml.ts; the @vscode-elements bundle loads before this script.
import './zodSetup';
import { App } from './app';
import { vscodeApi } from './vscodeApi';

const root = document.getElementById('app');
if (root) new App(root, vscodeApi()).start();
else console.error('SpecFlow: #app is missing from the page');
