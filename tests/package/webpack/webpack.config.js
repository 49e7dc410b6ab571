import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  target: 'web',
  performance: { hints: false }, // the wasm is big by design; sizes are tested in tests/js/size.test.mjs
  entry: fileURLToPath(new URL('./main.js', import.meta.url)),
  output: { path: fileURLToPath(new URL('../dist/webpack', import.meta.url)), filename: 'main.js', clean: true },
};
