// Bundles webpack/main.js with webpack 5's Node API (webpack.config.js) and copies index.html.
import { copyFileSync } from 'node:fs';
import webpack from 'webpack';
import config from './webpack.config.js';

const stats = await new Promise((ok, fail) => webpack(config, (err, s) => (err ? fail(err) : ok(s))));
if (stats.hasErrors()) {
  console.error(stats.toString('errors-only'));
  process.exit(1);
}
copyFileSync(new URL('./index.html', import.meta.url), new URL('../dist/webpack/index.html', import.meta.url));
console.log(stats.toString({ assets: true, modules: false, colors: false }));
