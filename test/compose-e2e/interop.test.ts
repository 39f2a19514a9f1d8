import { notRecreated, outputContains, serviceHealthy, serviceNotCreated, serviceState } from './checks';
import { scenario, toolCmd } from './scenario';

// A team where one person runs the window and another the terminal: each tool takes over what the
// other started, recreating nothing when nothing changed (the config hash is compose's own). No job
// here: compose 2.26's up --wait fails on a container that exited 0.

const dc = (...args: string[]) => toolCmd('compose', ...args);
const sp = (...args: string[]) => toolCmd('stackpilot', ...args);

scenario(
  'TestInteropComposeFirst',
  'Stackpilot must adopt a stack docker compose started, recreating nothing, and take it down',
  { interop: true },
)
  .step('compose brings the stack up', dc('up', '-d', '--wait'), serviceHealthy('db'), serviceState('api', 'running'))
  .step('Stackpilot up finds it up to date', sp('up'), notRecreated('db', 'api'), serviceState('api', 'running'))
  .step(
    'Stackpilot ps shows it',
    sp('ps', '--format', 'json'),
    outputContains('"Service":"api"'),
    outputContains('"Service":"db"'),
  )
  .step('Stackpilot logs read it', sp('logs', 'api', 'db'), outputContains('api up'), outputContains('db up'))
  .step('compose up again changes nothing either', dc('up', '-d', '--wait'), notRecreated('db', 'api'))
  .step('Stackpilot down removes it', sp('down'), serviceNotCreated('db'), serviceNotCreated('api'))
  .define();

scenario(
  'TestInteropStackpilotFirst',
  'docker compose must adopt a stack Stackpilot started, recreating nothing, and take it down',
  { interop: true },
)
  .step('Stackpilot brings the stack up', sp('up'), serviceHealthy('db'), serviceState('api', 'running'))
  .step(
    'compose up finds it up to date',
    dc('up', '-d', '--wait'),
    notRecreated('db', 'api'),
    serviceState('api', 'running'),
  )
  .step(
    'compose ps shows it',
    dc('ps', '--format', 'json'),
    outputContains('"Service":"api"'),
    outputContains('"Service":"db"'),
  )
  .step('compose logs read it', dc('logs', 'api', 'db'), outputContains('api up'), outputContains('db up'))
  .step('Stackpilot up again changes nothing either', sp('up'), notRecreated('db', 'api'))
  .step('compose down removes it', dc('down'), serviceNotCreated('db'), serviceNotCreated('api'))
  .define();
