/**
 * `npx tsx dev/jira/cli.ts [--port 4100] [--deployment both|cloud|datacenter]`: the Jira simulator
 * on 127.0.0.1 for the offline demo and for manual testing.
 */
import { parseArgs } from 'node:util';
import { SIM_PROJECTS, SIM_USERS, startJiraSim } from './server';
import { closeOnSignal } from '../harness/close-on-signal';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    deployment: { type: 'string', default: 'both' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0) throw new RangeError(`--port must be a whole number ≥ 0, got ${values.port}`);
const deployment = values.deployment;
if (deployment !== 'both' && deployment !== 'cloud' && deployment !== 'datacenter') {
  throw new RangeError(`--deployment must be both, cloud or datacenter, got ${deployment}`);
}

const sim = await startJiraSim({ port, deployment });
const [user] = SIM_USERS;
console.log(`Jira simulator listening on ${sim.url} (${deployment})`);
console.log(`  projects: ${SIM_PROJECTS.map((project) => project.key).join(', ')}`);
if (user) {
  console.log(`  Cloud:       email ${user.email}, API token ${user.apiToken}`);
  console.log(`  Data Center: personal access token ${user.pat}`);
  console.log(`  try:         curl ${sim.url}/rest/api/2/myself -H "Authorization: Bearer ${user.pat}"`);
}
console.log(`  log:         curl ${sim.url}/__sim/log`);

closeOnSignal(sim);
