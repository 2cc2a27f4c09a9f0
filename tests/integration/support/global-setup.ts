/** Integration tests run against the real built server; build it once if the sources changed. */
import { buildIfNeeded } from '../../../scripts/build-if-needed.js';

export default function setup() {
	buildIfNeeded(process.cwd(), (line: string) => console.log(line));
}
