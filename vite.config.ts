import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Native bindings and Node-only packages stay external to the server bundle.
		external: ['@duckdb/node-api', '@duckdb/node-bindings', '@node-rs/argon2', '@resvg/resvg-js']
	},
	test: {
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 180_000,
		pool: 'forks',
		projects: [
			{ extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					// The integration tests talk to the built server: build once when sources changed.
					globalSetup: ['tests/integration/support/global-setup.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/integration/support/global-setup.ts'],
					testTimeout: 120_000,
					// Each file runs a server (with the demo data) and Chromium: two at once on two
					// cores starve each other into timeouts, so the browser tests run one file at a time.
					fileParallelism: false
				}
			}
		]
	}
});
