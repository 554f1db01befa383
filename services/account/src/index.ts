import type { AccountClient } from '@cybertacotruck/contracts';
import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { ConfigError, loadSecretBox, parseConfig } from '@cybertacotruck/platform';
import { AccountConfigSchema, type AccountConfig } from './config';
import { repositories, type AccountDeps } from './deps';
import { accountMigrations } from './migrations';
import { invitationsRoutes } from './modules/invitations/invitations.routes';
import { InvitationsService } from './modules/invitations/invitations.service';
import { RegistrationService } from './modules/invitations/registration.service';
import { preferencesRoutes } from './modules/preferences/preferences.routes';
import { ContactsRepository } from './modules/internal/contacts.repository';
import { ContactsService } from './modules/internal/contacts.service';
import { internalContactsRoutes } from './modules/internal/internal.routes';
import { PreferencesService } from './modules/preferences/preferences.service';
import { AuthService } from './modules/sessions/auth.service';
import { authRoutes } from './modules/sessions/auth.routes';
import { PasswordResetService } from './modules/sessions/password-reset.service';
import { registerSessionHook } from './modules/sessions/session.plugin';
import { SessionsService } from './modules/sessions/sessions.service';
import { sessionResolveRoutes } from './modules/sessions/session-resolve.routes';
import { internalSmsSecretsRoutes } from './modules/internal/sms-secrets.routes';
import { customersRoutes } from './modules/users/customers.routes';
import { profileRoutes } from './modules/users/profile.routes';
import { ProfileService } from './modules/users/profile.service';
import { DEMO_OPERATOR, UsersService } from './modules/users/users.service';
import { passwordWeakness } from './lib/password';
import { HousekeepingRepository } from './modules/housekeeping/housekeeping.repository';
import { startHousekeepingWorker } from './modules/housekeeping/housekeeping.worker';
import type { AccountTables } from './tables';
import { driverVerificationRoutes } from './modules/driver-verification/driver-verification.routes';
import { DriverVerificationService } from './modules/driver-verification/driver-verification.service';
import {
  DatabasePhotoStore,
  LocalPhotoStore,
  S3PhotoStore,
  type PhotoStore,
} from './modules/driver-verification/photo-store';
import { join } from 'node:path';

export interface AccountModules {
  deps: AccountDeps;
  users: UsersService;
  invitations: InvitationsService;
  registration: RegistrationService;
  sessions: SessionsService;
  auth: AuthService;
  passwordReset: PasswordResetService;
  profile: ProfileService;
  preferences: PreferencesService;
  driverVerification: DriverVerificationService;
  /** The in-process AccountClient other services are handed in the embedded topology. */
  client: AccountClient;
}

// The process plugin and the routes of one server share one set of modules (the same ctx).
const perServer = new WeakMap<ServiceContext, Promise<AccountModules>>();

export function accountModules(ctx: ServiceContext): Promise<AccountModules> {
  let modules = perServer.get(ctx);
  if (!modules) {
    modules = buildModules(ctx);
    perServer.set(ctx, modules);
  }
  return modules;
}

async function buildModules(ctx: ServiceContext): Promise<AccountModules> {
  const config = parseConfig(AccountConfigSchema, ctx.env);
  if ((config.OPERATOR_PHONE === undefined) !== (config.OPERATOR_PASSWORD === undefined))
    throw new ConfigError([
      `${config.OPERATOR_PHONE === undefined ? 'OPERATOR_PHONE' : 'OPERATOR_PASSWORD'}: got missing; expected set together with ${config.OPERATOR_PHONE === undefined ? 'OPERATOR_PASSWORD' : 'OPERATOR_PHONE'}`,
    ]);
  if (config.OPERATOR_PASSWORD) {
    // The same rules as every other password (the first operator is the most valuable account).
    const weakness = await passwordWeakness(config.OPERATOR_PASSWORD, {
      ...(config.OPERATOR_PHONE ? { phone: config.OPERATOR_PHONE } : {}),
    });
    if (weakness)
      throw new ConfigError([
        `OPERATOR_PASSWORD: got a password that ${weakness}; expected at least 10 characters and not a common or easily guessed one (the same rules as every password)`,
      ]);
  }
  if (ctx.config.NODE_ENV === 'production' && !config.PUBLIC_URL)
    throw new ConfigError([
      'PUBLIC_URL: got missing; expected the address customers open the app at, e.g. https://rent.example.com (required in production: links in SMS and e-mails are never built from the Host header there)',
    ]);
  const db = ctx.db.kysely.withTables<AccountTables>();
  const repos = repositories(db);
  const logger = ctx.logger.child({ service: 'account' });
  const production = ctx.config.NODE_ENV === 'production';
  const deps: AccountDeps = {
    db,
    repos,
    config,
    phone: { defaultRegion: config.DEFAULT_PHONE_REGION, allowFictional: !production },
    box: loadSecretBox(
      { ...ctx.config, ...config },
      'registration links and reset codes until they are sent',
    ),
    now: () => new Date(),
    logger,
  };
  const users = new UsersService(deps);
  const sessions = new SessionsService(deps);
  const preferences = new PreferencesService(deps);
  const auth = new AuthService(deps, sessions);
  const modules: AccountModules = {
    deps,
    users,
    invitations: new InvitationsService(deps),
    registration: new RegistrationService(deps, sessions),
    sessions,
    auth,
    passwordReset: new PasswordResetService(deps),
    profile: new ProfileService(deps, users, auth),
    preferences,
    driverVerification: new DriverVerificationService(deps, photoStore(ctx, config, deps, logger)),
    client: { getPreferences: (userId) => preferences.get(userId) },
  };
  await bootstrapOperator(ctx, modules);
  return modules;
}

/**
 * Where licence photos go: S3 when LICENCE_PHOTO_BUCKET is set; PostgreSQL with
 * LICENCE_PHOTO_IN_DATABASE; otherwise a directory under
 * DATA_DIR, except in production, where photos must not land on a pod's disk (uploads then answer
 * 503 and the start-up log says why).
 */
function photoStore(
  ctx: ServiceContext,
  config: AccountConfig,
  deps: Pick<AccountDeps, 'db'>,
  logger: AccountDeps['logger'],
): PhotoStore | null {
  if (config.LICENCE_PHOTO_BUCKET)
    return new S3PhotoStore({
      bucket: config.LICENCE_PHOTO_BUCKET,
      prefix: config.LICENCE_PHOTO_PREFIX,
      endpoint: config.LICENCE_PHOTO_S3_ENDPOINT,
    });
  if (config.LICENCE_PHOTO_IN_DATABASE) return new DatabasePhotoStore(deps.db);
  if (ctx.config.NODE_ENV === 'production') {
    logger.error(
      'LICENCE_PHOTO_BUCKET is not set: renters cannot upload driver licence photos (503) until it is',
    );
    return null;
  }
  return new LocalPhotoStore(config.LICENCE_PHOTO_DIR ?? join(ctx.config.DATA_DIR, 'licence-photos'));
}

/**
 * The first operator: OPERATOR_PHONE/OPERATOR_PASSWORD when set; in the embedded development setup
 * (no DATABASE_URL) the demo operator, announced once in the log when created.
 */
async function bootstrapOperator(ctx: ServiceContext, modules: AccountModules): Promise<void> {
  const { config, logger } = modules.deps;
  const demo = ctx.config.NODE_ENV === 'development' && !ctx.config.DATABASE_URL;
  const seed =
    config.OPERATOR_PHONE && config.OPERATOR_PASSWORD
      ? { phone: config.OPERATOR_PHONE, password: config.OPERATOR_PASSWORD, name: 'Operator' }
      : demo
        ? DEMO_OPERATOR
        : null;
  const created = await modules.users.ensureFirstOperator(seed);
  if (!created) return;
  if (seed === DEMO_OPERATOR)
    logger.info(
      { userId: created.id },
      `demo operator created: sign in with ${DEMO_OPERATOR.phone} and password ${DEMO_OPERATOR.password}`,
    );
  else
    logger.info({ userId: created.id, phone: created.phone }, 'first operator created from OPERATOR_PHONE');
}

export const accountService: ServiceDefinition = {
  name: 'account',
  description: 'Users, invitations, sessions and notification preferences',
  migrations: accountMigrations,
  outbox: true,
  configSchema: AccountConfigSchema,
  workers: [
    {
      name: 'account-housekeeping',
      start: (ctx) => {
        // Needs only the tables and its settings, not the modules the routes share.
        const config = parseConfig(AccountConfigSchema, ctx.env);
        const repository = new HousekeepingRepository(ctx.db.kysely.withTables<AccountTables>());
        return Promise.resolve(startHousekeepingWorker(repository, config, ctx.logger));
      },
    },
  ],
  processPlugin: async (app, { ctx }) => {
    const modules = await accountModules(ctx);
    registerSessionHook(app, modules.sessions);
  },
  routes: async (app, { ctx }) => {
    const m = await accountModules(ctx);
    const production = ctx.config.NODE_ENV === 'production';
    await app.register(invitationsRoutes, {
      invitations: m.invitations,
      registration: m.registration,
      session: { maxAgeMs: m.sessions.maxAgeMs, production },
    });
    await app.register(authRoutes, {
      auth: m.auth,
      sessions: m.sessions,
      users: m.users,
      passwordReset: m.passwordReset,
      production,
    });
    await app.register(profileRoutes, { profile: m.profile });
    await app.register(preferencesRoutes, { preferences: m.preferences });
    await app.register(internalContactsRoutes, {
      contacts: new ContactsService(new ContactsRepository(m.deps.db), m.preferences),
    });
    await app.register(customersRoutes, { users: m.users });
    await app.register(driverVerificationRoutes, { verifications: m.driverVerification });
    await app.register(sessionResolveRoutes, { sessions: m.sessions });
    await app.register(internalSmsSecretsRoutes, {
      invitations: m.invitations,
      passwordReset: m.passwordReset,
      profile: m.profile,
    });
  },
};
