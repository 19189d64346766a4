/** Word lists for realistic synthetic records. */

// prettier-ignore
export const COMPANIES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'vandelay', 'soylent', 'wonka'] as const;

// prettier-ignore
export const TEAM_NAMES = [
  'Payments', 'Platform', 'Mobile', 'Data Science', 'Growth', 'Infrastructure', 'Security', 'Search',
  'Checkout', 'Identity', 'Billing', 'Developer Experience', 'Analytics', 'Marketplace', 'Notifications', 'Logistics',
  'Risk', 'Core API', 'Web', 'Machine Learning', 'Onboarding', 'Support Tools', 'Observability', 'Integrations',
] as const;

// prettier-ignore
export const REGIONS = ['EU', 'US', 'APAC', 'LATAM', 'Labs', 'Next'] as const;

// prettier-ignore
export const FIRST_NAMES = [
  'Ana', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Nikhil',
  'Olga', 'Pablo', 'Qiu', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'Arjun', 'Bianca',
  'Carlos', 'Dana', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Julia', 'Kai', 'Lena', 'Mateo', 'Noor',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Ruiz', 'Okafor', 'Nguyen', 'Schmidt', 'Patel', 'Kowalski', 'Tanaka', 'Haddad', 'Silva', 'Johansson', 'Moreau',
  'Rossi', 'Kim', 'Novak', 'Oliveira', 'Chen', 'Murphy', 'Petrov', 'Garcia', 'Cohen', 'Yamamoto', 'Mensah', 'Larsen',
  'Dubois', 'Fischer', 'Ivanova', 'Singh', 'Costa', 'Mehta', 'Walsh', 'Ali', 'Berg', 'Lopez', 'Sato', 'Baker',
  'Eriksen', 'Khan', 'Meyer', 'Park', 'Reyes',
] as const;

// prettier-ignore
export const SERVICE_USER_NAMES = [
  'Usage Dashboard', 'CI Bot', 'Jira Automation', 'Release Bot', 'Nightly Refactor', 'Security Scanner',
  'Docs Sync', 'Dependency Updater',
] as const;

// prettier-ignore
export const TITLE_VERBS = [
  'Fix', 'Add', 'Refactor', 'Upgrade', 'Migrate', 'Document', 'Investigate', 'Speed up', 'Write tests for', 'Remove',
  'Clean up', 'Review',
] as const;

// prettier-ignore
export const TITLE_SUBJECTS = [
  'flaky checkout test', 'pagination in orders API', 'React to v19', 'login rate limiter', 'CSV export', 'Terraform modules',
  'dark mode toggle', 'payment retries', 'search indexing job', 'onboarding emails', 'GraphQL schema', 'Dockerfile',
  'memory leak in worker', 'feature flag cleanup', 'Kotlin coroutines usage', 'invoice PDF layout', 'S3 upload limits',
  'webhook signature check', 'Python 3.13 support', 'nightly ETL', 'N+1 queries on dashboard', 'OpenAPI spec',
  'audit log retention', 'mobile deep links', 'SSO group mapping', 'cache invalidation', 'unit tests for billing',
] as const;

// prettier-ignore
export const REPOS = ['web', 'api', 'mobile', 'infra', 'data-pipelines', 'design-system', 'billing', 'docs'] as const;

/** [value, weight] pairs. */
// prettier-ignore
export const ORIGINS: readonly (readonly [string, number])[] = [
  ['webapp', 40], ['slack', 25], ['api', 10], ['jira', 8], ['linear', 5], ['automation', 4], ['teams', 3], ['cli', 3], ['desktop', 2],
];

// prettier-ignore
export const CATEGORIES: readonly (readonly [string, number])[] = [
  ['feature_development', 26], ['bug_fixing', 24], ['refactoring_and_optimization', 10], ['unit_test_generation', 9],
  ['migrations_and_upgrades', 7], ['code_review_and_analysis', 6], ['documentation_and_content', 5], ['ci_cd_and_devops', 5],
  ['research_and_exploration', 4], ['code_quality_and_security', 2], ['data_and_automation', 1], ['other', 1],
];

// prettier-ignore
export const SUBCATEGORIES = ['Other', 'Flaky tests', 'API endpoints', 'UI components', 'Dependency bumps', 'Performance'] as const;

// prettier-ignore
export const TAGS = ['ci', 'frontend', 'backend', 'infra', 'urgent', 'customer'] as const;

// prettier-ignore
/** Why suspended sessions stopped: mostly idle, sometimes a spend limit (the limits panel counts those). */
export const SUSPEND_DETAILS = [
  'inactivity',
  'user_request',
  'usage_limit_exceeded',
  'inactivity',
  'inactivity',
  'org_usage_limit_exceeded',
  'out_of_quota',
  'out_of_credits',
  'total_session_limit_exceeded',
  'inactivity',
] as const;
