import type { ParamMatcher } from '@sveltejs/kit';

/** Database ids: positive whole numbers without leading zeros. */
export const match: ParamMatcher = (param) => /^[1-9][0-9]{0,9}$/.test(param);
