// Only needed for `vite dev`: pre-bundling would move the glue away from its wasm.
export default { base: './', optimizeDeps: { exclude: ['edgewise'] }, build: { outDir: '../dist/vite', emptyOutDir: true } };
