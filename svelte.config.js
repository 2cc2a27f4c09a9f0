import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The service worker serves interviewers offline; the interview pages register it for their
		// own scope (src/lib/fieldwork/fieldwork-browser.ts), so respondents' phones and the rest of
		// the workbench never download the whole app for it.
		serviceWorker: { register: false },
		// Survey text is written by researchers and shown to the public: a strict policy means that
		// even markup that slipped past the sanitiser cannot run script (no inline handlers, no eval).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'https:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				// The interview pages' service worker is the app's own script (/service-worker.js);
				// stated here rather than left to the fallback on script-src.
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
