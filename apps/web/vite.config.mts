import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:web` sends API traffic: a Galley started with `npm start`. */
const api = process.env.GALLEY_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  root: here,
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/desk/demo-users': api,
    },
  },
});
