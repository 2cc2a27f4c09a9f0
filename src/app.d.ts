import type { Session } from '$lib/server/db/sessions';
import type { User } from '$lib/server/db/users';

declare global {
	namespace App {
		interface Locals {
			user: User | null;
			session: Session | null;
		}
		interface Error {
			message: string;
			/** The language the message is in, when it is a respondent's (else English). */
			lang?: string;
		}
	}
}

export {};
