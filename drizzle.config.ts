import { defineConfig } from 'drizzle-kit';

// Schema changes are written by `npm run db:generate -- --name <what-changed>` into migrations/;
// the bot applies them at start-up (src/store/apply-schema.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './migrations',
});
