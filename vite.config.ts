import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Native bindings and Node-only packages stay external to the server bundle.
		external: ['@duckdb/node-api', '@duckdb/node-bindings', '@node-rs/argon2']
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 180_000,
		fileParallelism: true,
		pool: 'forks'
	}
});
