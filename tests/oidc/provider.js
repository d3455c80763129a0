// A certified OpenID Connect provider (panva's oidc-provider) for Baton's OIDC browser test
// (tests/browser/test_oidc.py). It knows one client (Baton) and a few people, signs them in through
// oidc-provider's development login form (any password), skips the consent screen for Baton, and
// supports RP-initiated logout. Never use it outside tests.
//
//   node tests/oidc/provider.js --client-id baton --client-secret s3cret \
//     --redirect-uri http://localhost:8000/oidc/callback/ \
//     --post-logout-redirect-uri http://localhost:8000/public/ \
//     --account ellie=ellie@example.nhs.uk --account stranger=stranger@example.nhs.uk
//
// Every option can also come from the environment (OIDC_TEST_PORT, OIDC_TEST_CLIENT_ID, ...; lists
// comma-separated). --port 0 (the default) takes a free port. Once listening it prints one line,
// `issuer http://127.0.0.1:<port>`, so the caller learns the port without a race. With
// --exit-with-stdin it stops when its standard input closes: a test run that dies without stopping
// it leaves no provider behind.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const env = (name) => process.env[`OIDC_TEST_${name}`];
const list = (name) => (env(name) ? env(name).split(',').filter(Boolean) : undefined);

const { values: options } = parseArgs({
  options: {
    host: { type: 'string', default: env('HOST') ?? '127.0.0.1' },
    port: { type: 'string', default: env('PORT') ?? '0' },
    'client-id': { type: 'string', default: env('CLIENT_ID') },
    'client-secret': { type: 'string', default: env('CLIENT_SECRET') },
    'redirect-uri': { type: 'string', multiple: true, default: list('REDIRECT_URIS') },
    'post-logout-redirect-uri': { type: 'string', multiple: true, default: list('POST_LOGOUT_REDIRECT_URIS') ?? [] },
    account: { type: 'string', multiple: true, default: list('ACCOUNTS') },
    'exit-with-stdin': { type: 'boolean', default: false },
  },
});

for (const required of ['client-id', 'client-secret', 'redirect-uri', 'account']) {
  if (!options[required]) {
    console.error(`provider.js: --${required} is required`);
    process.exit(2);
  }
}

// login=email: the login typed on the sign-in form, and the email address the provider vouches for.
const accounts = new Map(options.account.map((entry) => {
  const [login, email] = entry.split('=');
  return [login, { accountId: login, email }];
}));

if (options['exit-with-stdin']) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'baton-test', use: 'sig', alg: 'RS256' };

const server = createServer();
server.listen(Number(options.port), options.host, () => {
  const issuer = `http://${options.host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: options['client-id'],
      client_secret: options['client-secret'],
      redirect_uris: options['redirect-uri'],
      post_logout_redirect_uris: options['post-logout-redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post', // what mozilla-django-oidc sends by default
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'email', 'profile'],
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: true };
        },
      };
    },
    // Baton is this provider's own application: grant it what it asks for, as an organisation's
    // identity provider does for its registered apps, instead of showing a consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  console.log(`issuer ${issuer}`);
});
