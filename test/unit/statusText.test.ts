/** The status bar item's words (client/src/statusText.ts): the applicationHost.config in effect, the assumed server profile, or "checked alone". */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { statusBarText, statusTooltipHead } from '../../client/src/statusText';

const base = { uri: 'file:///s/web.config', reason: 'r', level: 'l' };

describe('status bar text', () => {
  it('names the applicationHost.config in effect and why', () => {
    assert.equal(statusBarText({ ...base, applicationHost: '/ops/server/applicationHost.config', source: 'workspace' }), '$(server-environment) IIS: applicationHost.config (workspace)');
  });
  it('shows the assumed server profile when none was found', () => {
    const s = { ...base, applicationHost: null, source: 'default', profile: 'azure-app-service', profileLabel: 'Azure App Service' };
    assert.equal(statusBarText(s), '$(server-environment) IIS: Azure App Service (assumed)');
    assert.match(statusTooltipHead(s), /Azure App Service defaults are assumed \(setting `iisConfig\.serverProfile`\)/);
    assert.equal(statusBarText({ ...s, profile: 'iis10', profileLabel: 'IIS 10' }), '$(server-environment) IIS: IIS 10 (assumed)');
  });
  it('says when a file is checked without its hierarchy', () => {
    assert.equal(statusBarText({ ...base, applicationHost: null, source: 'alone' }), '$(server-environment) IIS: checked alone');
  });
});
