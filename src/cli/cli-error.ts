/** An error the CLI reports as one sentence with exit code 2. */
export class CliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CliError';
	}
}
