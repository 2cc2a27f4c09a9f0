/**
 * Who may use what: the expected allow list for every route operation. The authorization test
 * fails when a route exists that is not listed here, or a listing names a route that is gone.
 */
import type { Actor } from './support/fixtures.ts';

const everyone: Actor[] = [
	'anonymous',
	'outsider',
	'admin',
	'owner',
	'researcher',
	'analyst',
	'interviewer',
	'viewer'
];
const signedIn: Actor[] = everyone.filter((actor) => actor !== 'anonymous');
const members: Actor[] = ['admin', 'owner', 'researcher', 'analyst', 'interviewer', 'viewer'];
const surveyReaders: Actor[] = ['admin', 'owner', 'researcher', 'analyst', 'viewer'];
const designers: Actor[] = ['admin', 'owner', 'researcher'];
const responseReaders: Actor[] = ['admin', 'owner', 'researcher', 'analyst'];
const owners: Actor[] = ['admin', 'owner'];
const exporters: Actor[] = ['admin', 'owner', 'analyst'];
const collectors: Actor[] = ['admin', 'owner', 'researcher', 'interviewer'];

export interface AccessRule {
	allowed: Actor[];
	/** The operation ends the caller's session, so the walk gives it a session of its own. */
	endsSession?: boolean;
}

const project = '/(app)/projects/[projectId=id]';
const survey = `${project}/surveys/[surveyId=id]`;

export const accessTable: Record<string, AccessRule> = {
	'/(app) GET': { allowed: everyone },
	'/(app)/login GET': { allowed: everyone },
	'/(app)/login action:default': { allowed: everyone },
	'/(app)/setup/[token] GET': { allowed: everyone },
	'/(app)/setup/[token] action:default': { allowed: everyone },
	'/(app)/account GET': { allowed: signedIn },
	'/(app)/account action:changePassword': { allowed: signedIn },
	'/(app)/account action:logout': { allowed: signedIn, endsSession: true },
	'/(app)/account action:logoutEverywhere': { allowed: signedIn, endsSession: true },
	'/(app)/admin/users GET': { allowed: ['admin'] },
	'/(app)/admin/users action:create': { allowed: ['admin'] },
	'/(app)/projects GET': { allowed: signedIn },
	'/(app)/projects action:create': { allowed: ['admin'] },
	[`${project} GET`]: { allowed: members },
	[`${project}/members GET`]: { allowed: owners },
	[`${project}/members action:add`]: { allowed: owners },
	[`${project}/members action:changeRole`]: { allowed: owners },
	[`${project}/members action:remove`]: { allowed: owners },
	[`${project}/audit GET`]: { allowed: owners },
	[`${project}/fieldwork GET`]: { allowed: owners },
	[`${project}/fieldwork action:assign`]: { allowed: owners },
	[`${project}/fieldwork action:unassign`]: { allowed: owners },
	[`${project}/interview GET`]: { allowed: collectors },
	// The test interviewer is not assigned to the test questionnaire: only owners and researchers
	// may interview without an assignment.
	[`${project}/interview/[surveyId=id] GET`]: { allowed: designers },
	[`${project}/interview/[surveyId=id]/responses POST`]: { allowed: designers },
	[`${project}/surveys/new GET`]: { allowed: designers },
	[`${project}/surveys/new action:default`]: { allowed: designers },
	[`${survey} GET`]: { allowed: surveyReaders },
	[`${survey} action:save`]: { allowed: designers },
	[`${survey} action:publish`]: { allowed: designers },
	[`${survey} action:nextWave`]: { allowed: designers },
	[`${survey} action:delete`]: { allowed: owners },
	[`${survey}/responses GET`]: { allowed: responseReaders },
	[`${survey}/fieldwork GET`]: { allowed: responseReaders },
	[`${survey}/fieldwork action:recompute`]: { allowed: exporters },
	[`${survey}/fieldwork action:exclude`]: { allowed: exporters },
	[`${survey}/fieldwork action:include`]: { allowed: exporters },
	[`${survey}/design GET`]: { allowed: surveyReaders },
	[`${survey}/design action:publish`]: { allowed: designers },
	[`${survey}/draft GET`]: { allowed: surveyReaders },
	[`${survey}/draft PUT`]: { allowed: designers },
	[`${survey}/translations GET`]: { allowed: surveyReaders },
	[`${survey}/translations POST`]: { allowed: designers },
	[`${survey}/import POST`]: { allowed: designers },
	[`${survey}/versions GET`]: { allowed: surveyReaders },
	[`${survey}/collectors GET`]: { allowed: surveyReaders },
	[`${survey}/collectors action:settings`]: { allowed: designers },
	[`${survey}/collectors action:invite`]: { allowed: designers },
	[`${survey}/collectors/invitations.csv GET`]: { allowed: designers },
	[`${survey}/quotas GET`]: { allowed: surveyReaders },
	[`${survey}/quotas action:save`]: { allowed: designers },
	[`${survey}/quotas action:remove`]: { allowed: designers },
	[`${survey}/export GET`]: { allowed: exporters },
	[`${survey}/analysis GET`]: { allowed: responseReaders },
	[`${survey}/analysis action:save`]: { allowed: exporters },
	[`${survey}/analysis/download GET`]: { allowed: exporters },
	[`${survey}/awareness GET`]: { allowed: responseReaders },
	[`${survey}/awareness action:save`]: { allowed: exporters },
	[`${survey}/segments GET`]: { allowed: responseReaders },
	[`${survey}/segments action:rules`]: { allowed: exporters },
	[`${survey}/segments action:candidates`]: { allowed: responseReaders },
	[`${survey}/segments action:kmeans`]: { allowed: exporters },
	[`${survey}/segments action:remove`]: { allowed: exporters },
	[`${survey}/segments/[segmentId=id] GET`]: { allowed: responseReaders },
	[`${survey}/segments/[segmentId=id] action:save`]: { allowed: exporters },
	[`${survey}/dataset GET`]: { allowed: exporters },
	[`${survey}/dataset/download GET`]: { allowed: exporters },
	[`${project}/weighting GET`]: { allowed: responseReaders },
	[`${project}/weighting action:create`]: { allowed: exporters },
	[`${project}/weighting/[schemeId=id] GET`]: { allowed: responseReaders },
	[`${project}/weighting/[schemeId=id] action:save`]: { allowed: exporters },
	[`${project}/weighting/[schemeId=id] action:remove`]: { allowed: exporters },
	[`${project}/datasets GET`]: { allowed: responseReaders },
	[`${project}/datasets/upload POST`]: { allowed: exporters },
	[`${project}/datasets/[datasetId=id] GET`]: { allowed: responseReaders },
	[`${project}/datasets/[datasetId=id] action:save`]: { allowed: exporters },
	[`${project}/datasets/[datasetId=id] action:remove`]: { allowed: exporters },
	[`${project}/reports GET`]: { allowed: surveyReaders },
	[`${project}/reports/[reportId=id] GET`]: { allowed: surveyReaders },
	[`${project}/reports/[reportId=id] action:share`]: { allowed: exporters },
	[`${project}/reports/[reportId=id] action:revoke`]: { allowed: exporters },
	[`${project}/reports/[reportId=id] action:addText`]: { allowed: exporters },
	[`${project}/reports/[reportId=id] action:removeSection`]: { allowed: exporters },
	[`${project}/reports/[reportId=id] action:moveSection`]: { allowed: exporters },
	[`${project}/reports/[reportId=id] action:remove`]: { allowed: exporters },
	[`${project}/reports/[reportId=id]/download GET`]: { allowed: exporters },
	'/(public)/r/[token] GET': { allowed: everyone },
	'/(public)/s/[slug=slug] GET': { allowed: everyone },
	'/(public)/s/[slug=slug]/responses POST': { allowed: everyone },
	'/(public)/healthz GET': { allowed: everyone }
};
