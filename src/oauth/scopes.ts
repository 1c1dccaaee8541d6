// The bot scopes an install asks for: manifest.yml's oauth_config.scopes.bot, where each one's
// reason is written (test/e2e/oauth-install.test.ts checks the two lists agree).
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'groups:read',
  'channels:read',
  'files:read',
  'files:write',
  'channels:history',
  'groups:history',
] as const;
