export * from './auth.js';
export * from './crm.js';
export * from './goals.js';
export * from './oneOnOnes.js';
export * from './orgs.js';
export * from './people.js';
export * from './plans.js';
export * from './skills.js';
