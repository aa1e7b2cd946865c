/**
 * The production build, into the benchmarks' own directory: other work on this machine runs
 * `npm run build` into .output/ at any time, and a measurement must not load a build that changes
 * under it. Everything else is the product's config, unchanged.
 */
import { defineConfig } from 'wxt';
import product from '../wxt.config';

export default defineConfig({ ...product, outDir: 'bench-output/extension' });
