import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foreignOrigin, type DeliveryOrigin, type SlackIdentity } from '../../../adapters/slack/delivery-origin.ts';

const workspaceInstall: SlackIdentity = { teamId: 'T1', enterpriseId: null, appId: 'A1' };
const orgWideInstall: SlackIdentity = { teamId: 'T1', enterpriseId: 'E1', appId: 'A1' };
const from = (teamId: string | null, enterpriseId: string | null, appId: string | null): DeliveryOrigin => ({ teamId, enterpriseId, appId });

describe('which Slack deliveries are for this installation', () => {
  const cases: { name: string; own: SlackIdentity; origin: DeliveryOrigin; refused: string | null }[] = [
    { name: 'its own workspace and app', own: workspaceInstall, origin: from('T1', null, 'A1'), refused: null },
    { name: 'its own workspace inside an Enterprise Grid organisation', own: workspaceInstall, origin: from('T1', 'E9', 'A1'), refused: null },
    { name: 'another workspace', own: workspaceInstall, origin: from('T2', null, 'A1'), refused: 'workspace T2' },
    { name: 'a delivery that names no workspace', own: workspaceInstall, origin: from(null, null, 'A1'), refused: 'workspace (none)' },
    { name: 'another app in its own workspace', own: workspaceInstall, origin: from('T1', null, 'A2'), refused: 'app A2' },
    { name: 'a delivery that names no app', own: workspaceInstall, origin: from('T1', null, null), refused: 'app (none)' },
    { name: 'any workspace of its organisation, for an org-wide install', own: orgWideInstall, origin: from('T7', 'E1', 'A1'), refused: null },
    { name: 'another organisation, for an org-wide install', own: orgWideInstall, origin: from('T1', 'E2', 'A1'), refused: 'organisation E2' },
    { name: 'any app, when Slack did not say which app the bot is', own: { ...workspaceInstall, appId: null }, origin: from('T1', null, 'A2'), refused: null },
  ];
  for (const c of cases) {
    it(`${c.refused === null ? 'accepts' : 'refuses'} ${c.name}`, () => {
      assert.equal(foreignOrigin(c.origin, c.own), c.refused);
    });
  }
});
